"""The cart: what a customer is about to order, priced as the catalog priced it when put there.

The order is priced again when placed; the cart only shows what to expect.
"""

from __future__ import annotations

from dataclasses import dataclass

from musiccorp.orders.domain.errors import InvalidOrder
from musiccorp.orders.domain.model import MAX_LINES, quantity
from musiccorp.orders.domain.money import Money


@dataclass(frozen=True, slots=True)
class CartItem:
    album_id: str
    title: str
    artist: str
    unit_price: Money
    quantity: int

    @property
    def line_total(self) -> Money:
        return self.unit_price.times(self.quantity)


@dataclass(frozen=True, slots=True)
class Cart:
    """What a customer is about to order; an unknown customer has an empty cart."""

    customer_id: str
    items: tuple[CartItem, ...] = ()

    @property
    def item_count(self) -> int:
        return sum(item.quantity for item in self.items)

    @property
    def total(self) -> Money:
        return sum((item.line_total for item in self.items), Money.zero())

    def with_item(self, item: CartItem) -> Cart:
        """The cart with ``item`` added, or replacing the one for its album in its place.

        A new album is refused once the cart holds :data:`MAX_LINES`.
        """
        quantity(item.quantity)
        if any(held.album_id == item.album_id for held in self.items):
            items = tuple(item if held.album_id == item.album_id else held for held in self.items)
        elif len(self.items) >= MAX_LINES:
            raise InvalidOrder("items", f"a cart holds at most {MAX_LINES} different albums")
        else:
            items = (*self.items, item)
        return Cart(self.customer_id, items)

    def without(self, album_id: str) -> Cart:
        return Cart(self.customer_id, tuple(item for item in self.items if item.album_id != album_id))
