"""What the shipping context tells the others, and what it hears (ADR 0005, practice 4.12).

Published: each domain event maps to one integration event whose ``data`` names
the shipment by its order and its tracking number — nothing more: the address
is personal data and stays here. These models are the contract: their JSON
Schemas are committed under ``contracts/events/shipping/`` and a test keeps the
two equal.

Consumed: ``warehouse.order.picked.v1``, in shipping's own reading of it (a
tolerant reader): only ``order_id`` is required, anything else is ignored, and
the Pact message contract with the warehouse checks that it is still sent.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from musiccorp.chassis.events import Consumed, Event, published_events
from musiccorp.shipping.domain.events import DomainEvent, ShipmentCancelled, ShipmentCreated, ShipmentDispatched
from musiccorp.shipping.domain.tracking import PATTERN as TRACKING_NUMBER_PATTERN

ORDER_PICKED = "warehouse.order.picked.v1"


class ShipmentReference(BaseModel):
    """Which shipment an event is about: its order, and the number the customer tracks it by."""

    model_config = ConfigDict(frozen=True)
    type: ClassVar[str]

    order_id: str = Field(description="The id of the order shipped (one shipment per order).",
                          examples=["9a1f0c2e-6b3d-4e8f-a7c5-1d2e3f4a5b6c"])
    tracking_number: str = Field(description="The parcel's tracking number: MC, ten digits and a Luhn check digit.",
                                 pattern=TRACKING_NUMBER_PATTERN, examples=["MC48213907562"])


class ShipmentCreatedV1(ShipmentReference):
    """A shipment was requested for an order: it has its tracking number and awaits picking."""

    type: ClassVar[str] = "shipping.shipment.created.v1"


class ShipmentDispatchedV1(ShipmentReference):
    """The order was picked and its parcel has left the warehouse."""

    type: ClassVar[str] = "shipping.shipment.dispatched.v1"


class ShipmentCancelledV1(ShipmentReference):
    """The shipment was called off before it left (the order was cancelled)."""

    type: ClassVar[str] = "shipping.shipment.cancelled.v1"


PUBLISHED: dict[type[DomainEvent], type[ShipmentReference]] = {
    ShipmentCreated: ShipmentCreatedV1,
    ShipmentDispatched: ShipmentDispatchedV1,
    ShipmentCancelled: ShipmentCancelledV1,
}


def integration_event(event: DomainEvent) -> Event:
    """The event to record in the outbox for ``event``; its subject (the aggregate) is the order."""
    model = PUBLISHED[type(event)]
    data = model(order_id=event.order_id, tracking_number=event.tracking_number)
    return Event(type=model.type, subject=event.order_id, data=data.model_dump(mode="json"))


PUBLISHES = published_events(PUBLISHED.values())


class OrderPicked(BaseModel):
    """``warehouse.order.picked.v1`` as shipping reads it: every line of the order is picked."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    order_id: str


class Consumes(NamedTuple):
    """The events shipping consumes, each read its own way."""

    order_picked: Consumed[OrderPicked]


CONSUMES = Consumes(
    order_picked=Consumed(ORDER_PICKED, OrderPicked, "Every line of an order was picked: dispatch its shipment."),
)
