"""What the orders context tells the others: one event per move of an order (ADR 0005, ADR 0006).

``data`` names the order by reference — its id and the URI to fetch it from —
with the customer's id and URI and the order's total, which every consumer
needs (loyalty awards a point per whole pound of a completed order). A
cancellation adds the reason the customer was given. Anything more (lines,
address, tracking) is read from ``order_uri``, whose host is the service's name.

The models here are the contract: their JSON Schemas are committed under
``contracts/events/orders/`` and a test keeps the two equal.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from musiccorp.chassis.events import Event, published_events
from musiccorp.orders.domain.events import OrderEvent
from musiccorp.orders.domain.model import Order, Status

ORDER_URI = "http://orders/v1/orders/{order_id}"
CUSTOMER_URI = "http://customers/v1/customers/{customer_id}"


def order_uri(order_id: str) -> str:
    return ORDER_URI.format(order_id=order_id)


def customer_uri(customer_id: str) -> str:
    return CUSTOMER_URI.format(customer_id=customer_id)


class MoneyV1(BaseModel):
    """An amount of money: a decimal string with two places, and its ISO 4217 currency."""

    model_config = ConfigDict(frozen=True)

    amount: str = Field(pattern=r"^\d+\.\d{2}$", examples=["19.98"])
    currency: str = Field(pattern=r"^[A-Z]{3}$", examples=["GBP"])


class OrderReference(BaseModel):
    """Which order an event is about, whose it is and what it comes to: fetch ``order_uri`` for the rest."""

    model_config = ConfigDict(frozen=True)
    type: ClassVar[str]

    order_id: str = Field(description="The order's id (a UUID).", json_schema_extra={"format": "uuid"},
                          examples=["0c6b1f4e-9d2a-4f6e-8a51-3b7c2d1e0f9a"])
    order_uri: str = Field(description="Where the order's current representation is read.",
                           pattern=r"^http://orders/v1/orders/", json_schema_extra={"format": "uri"},
                           examples=["http://orders/v1/orders/0c6b1f4e-9d2a-4f6e-8a51-3b7c2d1e0f9a"])
    customer_id: str = Field(description="The customer who placed the order.",
                             examples=["5b0e3f6c-3a8e-4c1b-9a43-0f5f2a1d7c10"])
    customer_uri: str = Field(description="Where the customer's record is read (customers service).",
                              pattern=r"^http://customers/v1/customers/", json_schema_extra={"format": "uri"},
                              examples=["http://customers/v1/customers/5b0e3f6c-3a8e-4c1b-9a43-0f5f2a1d7c10"])
    total: MoneyV1 = Field(description="What the order comes to.")

    @classmethod
    def about(cls, order: Order, **extra: Any) -> OrderReference:
        total = order.total
        return cls(order_id=order.id, order_uri=order_uri(order.id), customer_id=order.customer_id,
                   customer_uri=customer_uri(order.customer_id),
                   total=MoneyV1(amount=total.amount, currency=total.currency), **extra)


class OrderPlacedV1(OrderReference):
    """An order was placed: its saga (stock, payment, shipment) starts."""

    type: ClassVar[str] = "orders.order.placed.v1"


class OrderStockReservedV1(OrderReference):
    """The warehouse holds the order's items."""

    type: ClassVar[str] = "orders.order.stock_reserved.v1"


class OrderPaidV1(OrderReference):
    """The order's total was taken from the customer's card."""

    type: ClassVar[str] = "orders.order.paid.v1"


class OrderShippedV1(OrderReference):
    """Delivery of the order is arranged; it has a tracking number."""

    type: ClassVar[str] = "orders.order.shipped.v1"


class OrderCompletedV1(OrderReference):
    """The order went through: stock taken for good, paid, shipment under way."""

    type: ClassVar[str] = "orders.order.completed.v1"


class OrderCancelledV1(OrderReference):
    """The order was cancelled, everything done for it undone; ``reason`` is what the customer was told."""

    type: ClassVar[str] = "orders.order.cancelled.v1"

    reason: str = Field(description="Why, in words for the customer.", examples=["Your card was declined"])


PUBLISHED: dict[Status, type[OrderReference]] = {
    Status.PLACED: OrderPlacedV1,
    Status.STOCK_RESERVED: OrderStockReservedV1,
    Status.PAID: OrderPaidV1,
    Status.SHIPPED: OrderShippedV1,
    Status.COMPLETED: OrderCompletedV1,
    Status.CANCELLED: OrderCancelledV1,
}


def integration_event(order: Order, event: OrderEvent) -> Event:
    """The event to record in the outbox for one move of ``order``."""
    model = PUBLISHED[event.status]
    extra = {"reason": event.reason or ""} if event.status is Status.CANCELLED else {}
    return Event(type=model.type, subject=order.id, data=model.about(order, **extra).model_dump(mode="json"),
                 time=event.at)


PUBLISHES = published_events(PUBLISHED.values())
