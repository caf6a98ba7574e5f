"""The cart as the shop shows it: lines, quantities and the total.

A guest's cart and a customer's cart look the same on the page; only where they
are kept differs (the browser's session, or the orders service).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce

from musiccorp.storefront.domain.model import Money

MAX_QUANTITY = 10
"""The most of one album a line may hold (the orders service's own limit)."""

MAX_GUEST_LINES = 20
"""The most albums a guest's cart keeps: it travels in the session cookie, which must stay small."""


@dataclass(frozen=True, slots=True)
class CartLine:
    album_id: str
    title: str
    artist: str
    unit_price: Money
    quantity: int
    line_total: Money


@dataclass(frozen=True, slots=True)
class Cart:
    lines: tuple[CartLine, ...] = ()
    total: Money | None = None

    @property
    def count(self) -> int:
        """The number of records in the cart, as the header shows it."""
        return sum(line.quantity for line in self.lines)

    def quantity_of(self, album_id: str) -> int:
        return next((line.quantity for line in self.lines if line.album_id == album_id), 0)

    @classmethod
    def priced(cls, lines: list[CartLine]) -> Cart:
        """A cart whose total is the sum of its lines (a guest's: nobody else priced it)."""
        totals = [line.line_total for line in lines]
        return cls(lines=tuple(lines), total=reduce(Money.__add__, totals) if totals else None)


def clamp_quantity(quantity: int) -> int:
    return max(1, min(MAX_QUANTITY, quantity))
