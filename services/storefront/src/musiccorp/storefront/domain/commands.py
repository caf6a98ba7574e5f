"""What the shop asks of the services behind it: placing an order, and nothing more.

No card number ever appears here (practice 9.6): the browser hands the card to
PayBuddy, which answers with a token, and the token is all the shop passes on.
"""

from __future__ import annotations

from dataclasses import dataclass

from musiccorp.storefront.domain.orders import ShippingAddress


@dataclass(frozen=True, slots=True)
class LineRequest:
    album_id: str
    quantity: int


@dataclass(frozen=True, slots=True)
class PlaceOrder:
    customer_id: str
    lines: tuple[LineRequest, ...]
    card_token: str
    shipping_address: ShippingAddress
