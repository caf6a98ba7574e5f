"""Tracking numbers: readable, self-checking, derived from the order and never counted."""

import re

import pytest

from musiccorp.shipping.domain.tracking import check_digit, is_tracking_number, tracking_number

ORDER_ID = "9a1f0c2e-6b3d-4e8f-a7c5-1d2e3f4a5b6c"


def test_the_check_digit_is_luhns():
    """The textbook Luhn example: 7992739871 takes check digit 3."""
    assert check_digit("7992739871") == "3"
    assert check_digit("0000000000") == "0"


def test_a_number_is_mc_ten_digits_and_its_check_digit():
    """MC, then eleven digits, the last one checking the ten before."""
    number = tracking_number(ORDER_ID)
    assert re.fullmatch(r"MC[0-9]{11}", number)
    assert number[-1] == check_digit(number[2:-1])
    assert is_tracking_number(number)


def test_one_order_always_gets_the_same_candidates():
    """The same order and attempt give the same number; the next attempt gives another."""
    assert tracking_number(ORDER_ID) == tracking_number(ORDER_ID, attempt=0)
    assert tracking_number(ORDER_ID, attempt=1) != tracking_number(ORDER_ID)


def test_consecutive_orders_do_not_get_consecutive_numbers():
    """Numbers of orders 1 to 200 are all different and do not run in sequence: they cannot be guessed."""
    serials = [int(tracking_number(f"order-{n}")[2:-1]) for n in range(1, 201)]
    assert len(set(serials)) == len(serials)
    assert sum(1 for a, b in zip(serials, serials[1:], strict=False) if abs(a - b) < 1000) == 0


def test_every_single_wrong_digit_is_caught():
    """Changing any one digit of a number (the check digit included) makes it invalid."""
    number = tracking_number(ORDER_ID)
    for position in range(2, len(number)):
        for digit in "0123456789":
            if digit != number[position]:
                typo = number[:position] + digit + number[position + 1:]
                assert not is_tracking_number(typo), typo


def test_swapped_neighbours_are_caught():
    """Swapping two different adjacent digits is caught (Luhn misses only 09 and 90)."""
    number = tracking_number(ORDER_ID)
    for position in range(2, len(number) - 1):
        a, b = number[position], number[position + 1]
        if a != b and {a, b} != {"0", "9"}:
            swapped = number[:position] + b + a + number[position + 2:]
            assert not is_tracking_number(swapped), swapped


@pytest.mark.parametrize("value", ["", "MC", "mc00000000000", "MC0000000000", "MC000000000000", "XX00000000000",
                                   "MC0000000000a", "MC٠٠٠٠٠٠٠٠٠٠٠"])
def test_anything_not_written_as_a_number_is_not_one(value):
    """Wrong prefix, length, case or digits (non-ASCII ones too) is not a tracking number."""
    assert not is_tracking_number(value)
