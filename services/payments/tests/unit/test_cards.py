"""Card numbers never reach payments (9.6): anything shaped like one is spotted, anywhere in a body."""

import pytest

from musiccorp.payments.domain.cards import holds_card_number, looks_like_card_number


@pytest.mark.parametrize("number", ["4242424242424242", "4242 4242 4242 4242", "4000-0000-0000-0002",
                                    "378282246310005", " 5555555555554444 "])
def test_card_numbers_are_recognised(number):
    """Visa, Mastercard and Amex numbers, with or without separators, are seen for what they are."""
    assert looks_like_card_number(number)


@pytest.mark.parametrize("text", ["4242424242424241", "tok_4242424242424242", "19.98", "123456789012",
                                  "7a1f3c5e-2b4d-4e6f-8a0b-1c2d3e4f5a6b", "42424242424242424242"])
def test_other_values_are_not_card_numbers(text):
    """A failing checksum, a token, an amount, a short number or an id is not a card number."""
    assert not looks_like_card_number(text)


def test_a_card_number_is_found_anywhere_in_a_document():
    """Nested in a list, as a JSON number, or as a key: still found."""
    assert holds_card_number({"lines": [{"note": "4242 4242 4242 4242"}]})
    assert holds_card_number({"pan": 4242424242424242})
    assert holds_card_number({"4242424242424242": True})
    assert not holds_card_number({"card_token": "tok_1", "amount": {"amount": "19.98"}, "flag": True})


def test_any_depth_of_nesting_is_walked_without_recursion():
    """A document nested ten thousand deep is searched to the bottom without exhausting the stack."""
    document: object = "4242424242424242"
    for _ in range(10_000):
        document = [document]
    assert holds_card_number(document)
