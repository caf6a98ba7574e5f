"""Cards as shoppers type them: validation, brand, and what the sandbox's test cards do.

Only what a receipt may show survives validation (brand, last four digits,
expiry) plus the sandbox behaviour of the card; the number itself is dropped
here and never stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from paybuddy.errors import ApiError

__all__ = ["TEST_CARD_REFUSALS", "CardDetails", "brand_of", "check_card", "luhn_valid"]

# Test cards whose charges are always refused, and why; every other valid card authorises.
TEST_CARD_REFUSALS = {
    "4000000000000002": "card_declined",
    "4000000000009995": "insufficient_funds",
}


@dataclass(frozen=True, slots=True)
class CardDetails:
    """A validated card without its number; ``refusal`` is the sandbox's answer to charging it (``None``: yes)."""

    brand: str
    last4: str
    exp_month: int
    exp_year: int
    refusal: str | None = None


def luhn_valid(digits: str) -> bool:
    """Whether ``digits`` passes the Luhn checksum every card number carries.

    >>> luhn_valid("4242424242424242"), luhn_valid("4242424242424241")
    (True, False)
    """
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def brand_of(digits: str) -> str:
    """``visa``, ``mastercard``, ``amex`` or ``unknown``, from the number's prefix."""
    if digits.startswith("4"):
        return "visa"
    if digits[:2] in {"34", "37"}:
        return "amex"
    if 51 <= int(digits[:2]) <= 55 or 2221 <= int(digits[:4]) <= 2720:
        return "mastercard"
    return "unknown"


def check_card(card: Any, *, today: date) -> CardDetails:
    """The card's details, or 400 ``card_invalid`` saying what is wrong in words a shopper understands."""
    if not isinstance(card, dict):
        raise _invalid("Card details are missing.")
    digits = _number(card.get("number"))
    month, year = _whole(card.get("expMonth"), "expiry month"), _whole(card.get("expYear"), "expiry year")
    if not 1 <= month <= 12:
        raise _invalid("The expiry month must be between 1 and 12.")
    if not 1000 <= year <= 9999:
        raise _invalid("The expiry year must have four digits.")
    if (year, month) < (today.year, today.month):
        raise _invalid("The card has expired.")
    cvc = card.get("cvc")
    if not isinstance(cvc, str) or not _digits(cvc) or not 3 <= len(cvc) <= 4:
        raise _invalid("The security code must be 3 or 4 digits.")
    holder = card.get("holderName")
    if not isinstance(holder, str) or not holder.strip():
        raise _invalid("The name on the card is missing.")
    return CardDetails(brand_of(digits), digits[-4:], month, year, TEST_CARD_REFUSALS.get(digits))


def _number(raw: Any) -> str:
    digits = raw.replace(" ", "") if isinstance(raw, str) else ""
    if not _digits(digits) or not 12 <= len(digits) <= 19 or not luhn_valid(digits):
        raise _invalid("The card number is not valid.")
    return digits


def _whole(raw: Any, what: str) -> int:
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and _digits(raw):
        return int(raw)
    raise _invalid(f"The {what} must be a number.")


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _invalid(message: str) -> ApiError:
    return ApiError(400, "card_invalid", message)
