"""Money in minor units: exact on the way in, exact on the way out."""

import pytest

from musiccorp.payments.domain.errors import InvalidPayment
from musiccorp.payments.domain.money import Money


def test_a_wire_amount_becomes_whole_pence_and_back():
    """'19.98' GBP is 1998 pence, and reads back as '19.98'."""
    money = Money.parse("19.98", "GBP")
    assert (money.minor, money.currency, money.decimal) == (1998, "GBP", "19.98")


def test_sums_and_multiples_are_exact():
    """0.10 added thirty times is 3.00 — no float drift in a ledger."""
    total = sum((Money.parse("0.10", "GBP") for _ in range(30)), Money.zero())
    assert total == Money.parse("3.00", "GBP") == Money(10) * 30
    assert (Money(7) + Money(3)).decimal == "0.10"


@pytest.mark.parametrize(("amount", "currency"), [("19.9", "GBP"), ("19", "GBP"), ("-1.00", "GBP"),
                                                  ("1e3", "GBP"), ("19.98", "JPY"), ("19.98", "gbp")])
def test_what_is_not_money_is_refused(amount, currency):
    """Malformed amounts and currencies we do not take are InvalidPayment, never a guess."""
    with pytest.raises(InvalidPayment):
        Money.parse(amount, currency)


def test_currencies_do_not_mix():
    """Pounds and euros cannot be added."""
    with pytest.raises(InvalidPayment, match="cannot add EUR to GBP"):
        Money(100, "GBP") + Money(100, "EUR")
