"""What the warehouse tells the others: its published events (ADR 0005, ADR 0006).

Each names the order — its id, and the URI of the reservation to read for
anything more — never a copy of the lines: shipping, say, learns that an order
is picked and asks whoever it must for the rest. The URI's host is the
service's name, which discovery resolves.

The models here are the contract: their JSON Schemas are committed under
``contracts/events/warehouse/`` and a test keeps the two equal.

Consumed: the warehouse's own pick jobs (:class:`PickJobV1`, on the work queue
``work.warehouse.picks``), which its pickers take; their schema is committed too.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from musiccorp.chassis.events import Consumed, Event, published_events
from musiccorp.warehouse.domain.events import (
    DomainEvent,
    OrderPicked,
    ReservationConfirmed,
    ReservationExpired,
    ReservationHeld,
    ReservationReleased,
)

PICKS_SUBJECT = "work.warehouse.picks"
RESERVATION_URI = "http://warehouse/v1/reservations/{order_id}"
ORDER_ID_EXAMPLE = "9d2f6a4e-1c3b-4f7a-8e5d-2b6c1a0f9e84"


def reservation_uri(order_id: str) -> str:
    return RESERVATION_URI.format(order_id=order_id)


class OrderReference(BaseModel):
    """Which order an event is about: read ``reservation_uri`` for its lines and state."""

    model_config = ConfigDict(frozen=True)
    type: ClassVar[str]

    order_id: str = Field(description="The order's id, as the orders service gave it.", examples=[ORDER_ID_EXAMPLE])
    reservation_uri: str = Field(
        description="Where the order's reservation is read: GET it from the warehouse.",
        pattern=r"^http://warehouse/v1/reservations/", json_schema_extra={"format": "uri"},
        examples=[reservation_uri(ORDER_ID_EXAMPLE)])

    @classmethod
    def about(cls, order_id: str) -> OrderReference:
        return cls(order_id=order_id, reservation_uri=reservation_uri(order_id))


class ReservationHeldV1(OrderReference):
    """Stock is held for an order until the reservation's expires_at."""

    type: ClassVar[str] = "warehouse.reservation.held.v1"


class ReservationConfirmedV1(OrderReference):
    """An order's held stock left the shelf for good; its lines are queued for picking."""

    type: ClassVar[str] = "warehouse.reservation.confirmed.v1"


class ReservationReleasedV1(OrderReference):
    """An order's hold was released before confirmation: its stock is available again."""

    type: ClassVar[str] = "warehouse.reservation.released.v1"


class ReservationExpiredV1(OrderReference):
    """Nobody confirmed an order's hold in time: it expired and its stock is available again."""

    type: ClassVar[str] = "warehouse.reservation.expired.v1"


class OrderPickedV1(OrderReference):
    """Every line of a confirmed order is picked: the order can be packed and dispatched."""

    type: ClassVar[str] = "warehouse.order.picked.v1"


PUBLISHED: dict[type[DomainEvent], type[OrderReference]] = {
    ReservationHeld: ReservationHeldV1,
    ReservationConfirmed: ReservationConfirmedV1,
    ReservationReleased: ReservationReleasedV1,
    ReservationExpired: ReservationExpiredV1,
    OrderPicked: OrderPickedV1,
}


def integration_event(event: DomainEvent) -> Event:
    """The event to record in the outbox for ``event``."""
    model = PUBLISHED[type(event)]
    return Event(type=model.type, subject=event.order_id, data=model.about(event.order_id).model_dump(mode="json"))


PUBLISHES = published_events(PUBLISHED.values())


class PickJobV1(BaseModel):
    """Fetch the units of one album of a confirmed order from the shelf."""

    model_config = ConfigDict(frozen=True)

    order_id: str = Field(description="The confirmed order.", examples=["9d2f6a4e-1c3b-4f7a-8e5d-2b6c1a0f9e84"])
    album_id: str = Field(description="The album to pick.", examples=["4dafff35-5130-581c-af3f-6f10e5597d81"])
    quantity: int = Field(ge=1, description="How many units.", examples=[2])


class Consumes(NamedTuple):
    """What the warehouse consumes: its own pick jobs (``adapters/picking.py``), taken off the work queue by its
    pickers."""

    pick_job: Consumed[PickJobV1]


CONSUMES = Consumes(pick_job=Consumed(PICKS_SUBJECT, PickJobV1, PickJobV1.__doc__))
