"""Money, counted in minor units (pence): exact sums, no floating point, one integer column in the database.

On the wire money is ``{"amount": "19.98", "currency": "GBP"}`` — a decimal
string, as the catalog publishes it (ADR 0006). Every currency the shop sells
in has two decimal places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SHOP_CURRENCY = "GBP"
_AMOUNT = re.compile(r"^(\d{1,9})\.(\d{2})$")


@dataclass(frozen=True, slots=True)
class Money:
    minor: int
    currency: str = SHOP_CURRENCY

    @classmethod
    def parse(cls, amount: str, currency: str) -> Money:
        """``Money.parse("9.99", "GBP")``; ``ValueError`` unless the amount has exactly two decimals."""
        matched = _AMOUNT.fullmatch(amount) if isinstance(amount, str) else None
        if matched is None or not (isinstance(currency, str) and re.fullmatch(r"[A-Z]{3}", currency)):
            raise ValueError(f"not an amount of money: {amount!r} {currency!r}")
        return cls(int(matched[1]) * 100 + int(matched[2]), currency)

    @classmethod
    def zero(cls, currency: str = SHOP_CURRENCY) -> Money:
        return cls(0, currency)

    @property
    def amount(self) -> str:
        """The decimal string: ``"19.98"``."""
        return f"{self.minor // 100}.{self.minor % 100:02d}"

    def times(self, quantity: int) -> Money:
        return Money(self.minor * quantity, self.currency)

    def __add__(self, other: Money) -> Money:
        if other.currency != self.currency:
            raise ValueError(f"cannot add {other.currency} to {self.currency}")
        return Money(self.minor + other.minor, self.currency)
