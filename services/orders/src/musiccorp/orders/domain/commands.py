"""What may be asked of the orders context: imperative, one per use case."""

from __future__ import annotations

from dataclasses import dataclass, field

from musiccorp.orders.domain.model import ShippingAddress, new_order_id


@dataclass(frozen=True, slots=True)
class PutCartItem:
    customer_id: str
    album_id: str
    quantity: int


@dataclass(frozen=True, slots=True)
class RemoveCartItem:
    customer_id: str
    album_id: str


@dataclass(frozen=True, slots=True)
class LineRequest:
    album_id: str
    quantity: int


@dataclass(frozen=True, slots=True)
class PlaceOrder:
    """Place an order once per ``idempotency_key``; ``fingerprint`` identifies the request that carried it."""

    idempotency_key: str
    fingerprint: str
    customer_id: str
    lines: tuple[LineRequest, ...]
    card_token: str
    shipping_address: ShippingAddress
    correlation_id: str | None = None
    order_id: str = field(default_factory=new_order_id)
