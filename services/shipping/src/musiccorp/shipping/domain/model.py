"""The shipment: one parcel per order, from the request to the van (practice 4.9).

A shipment is an explicit state machine::

    awaiting_pick ──dispatch──▶ dispatched
    awaiting_pick ──cancel────▶ cancelled

:data:`TRANSITIONS` is the whole of it. Asking again for what is already done
(dispatching a dispatched shipment, cancelling a cancelled one) is a success
that changes nothing: events arrive at least once and the saga retries its
compensations, so every action must be safe to repeat. Anything else raises
:class:`IllegalTransition` — cancelling a dispatched shipment as
:class:`AlreadyDispatched`: the parcel has left.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

from musiccorp.chassis.text import clean_text
from musiccorp.shipping.domain.errors import AlreadyDispatched, IllegalTransition, InvalidShipment
from musiccorp.shipping.domain.events import (
    DomainEvent,
    ShipmentCancelled,
    ShipmentCreated,
    ShipmentDispatched,
)

# Ids of orders, customers and albums are other contexts' to choose; we accept any short, URL-safe token.
IDENTIFIER_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$"
COUNTRY_PATTERN = r"^[A-Z]{2}$"
NAME_MAX_LENGTH = 200
LINE_MAX_LENGTH = 200
CITY_MAX_LENGTH = 100
POSTCODE_MAX_LENGTH = 20
MAX_ITEMS = 100
MAX_QUANTITY = 100

_IDENTIFIER = re.compile(IDENTIFIER_PATTERN)
_COUNTRY = re.compile(COUNTRY_PATTERN)


class Status(StrEnum):
    AWAITING_PICK = "awaiting_pick"
    DISPATCHED = "dispatched"
    CANCELLED = "cancelled"


class Action(StrEnum):
    DISPATCH = "dispatch"
    CANCEL = "cancel"


TRANSITIONS = MappingProxyType({
    (Status.AWAITING_PICK, Action.DISPATCH): Status.DISPATCHED,
    (Status.AWAITING_PICK, Action.CANCEL): Status.CANCELLED,
})
# Repeats: already where the action leads, so they succeed without a change (and without an event).
DONE = frozenset({(Status.DISPATCHED, Action.DISPATCH), (Status.CANCELLED, Action.CANCEL)})


def is_identifier(value: str) -> bool:
    return bool(_IDENTIFIER.fullmatch(value))


def identifier(value: str, *, label: str) -> str:
    if not is_identifier(value):
        raise InvalidShipment(label, "must be 1 to 64 letters, digits or . _ : - (starting with a letter or digit)")
    return value


def label_line(value: str, *, label: str, max_length: int) -> str:
    """A line as the parcel's label prints it: without surrounding blanks; refused when empty, too long for the
    label, or holding control characters a label printer cannot print.

    The shop's one rule for typed text (``musiccorp.chassis.text``), refused in shipping's own words; a label
    rule of shipping's own (a printer's character set) would go here, after it.
    """
    try:
        return clean_text(value, max_length=max_length)
    except ValueError as refusal:
        raise InvalidShipment(label, str(refusal)) from None


@dataclass(frozen=True, slots=True)
class Address:
    """Where the parcel goes; built only in its normalised form (blanks stripped, an empty line2 is None).

    The country is only checked for its form: whether we deliver there was decided
    before the shipment was asked for (the warehouse refuses other destinations).
    """

    name: str
    line1: str
    city: str
    postcode: str
    country: str
    line2: str | None = None

    def __post_init__(self) -> None:
        line2 = self.line2.strip() if self.line2 else ""
        if not _COUNTRY.fullmatch(self.country):
            raise InvalidShipment("country", f"{self.country!r} is not an ISO 3166-1 alpha-2 code (upper case)")
        normalised = {
            "name": label_line(self.name, label="name", max_length=NAME_MAX_LENGTH),
            "line1": label_line(self.line1, label="line1", max_length=LINE_MAX_LENGTH),
            "line2": label_line(line2, label="line2", max_length=LINE_MAX_LENGTH) if line2 else None,
            "city": label_line(self.city, label="city", max_length=CITY_MAX_LENGTH),
            "postcode": label_line(self.postcode, label="postcode", max_length=POSTCODE_MAX_LENGTH),
        }
        for name, value in normalised.items():
            object.__setattr__(self, name, value)


@dataclass(frozen=True, slots=True, order=True)
class Item:
    """So many copies of one album in the parcel."""

    album_id: str
    quantity: int

    def __post_init__(self) -> None:
        identifier(self.album_id, label="album_id")
        if not 1 <= self.quantity <= MAX_QUANTITY:
            raise InvalidShipment("quantity", f"must be from 1 to {MAX_QUANTITY}")


def items(lines: Iterable[Item]) -> tuple[Item, ...]:
    """The parcel's contents in one canonical order (by album), so equal contents compare equal."""
    contents = tuple(sorted(lines))
    if not 1 <= len(contents) <= MAX_ITEMS:
        raise InvalidShipment("items", f"a shipment holds 1 to {MAX_ITEMS} items")
    albums = [item.album_id for item in contents]
    if len(set(albums)) != len(albums):
        raise InvalidShipment("items", "each album is listed once, with its quantity")
    return contents


@dataclass(eq=False)
class Shipment:
    """The aggregate, keyed by its order. Every change appends its domain event to ``events``."""

    order_id: str
    customer_id: str
    address: Address
    items: tuple[Item, ...]
    tracking_number: str
    created_at: datetime
    status: Status = Status.AWAITING_PICK
    dispatched_at: datetime | None = None
    cancelled_at: datetime | None = None
    version: int = 0
    events: list[DomainEvent] = field(default_factory=list, repr=False)

    @classmethod
    def create(cls, *, order_id: str, customer_id: str, address: Address, items: tuple[Item, ...],
               tracking_number: str, at: datetime) -> Shipment:
        shipment = cls(order_id=identifier(order_id, label="order_id"),
                       customer_id=identifier(customer_id, label="customer_id"),
                       address=address, items=items, tracking_number=tracking_number, created_at=at)
        shipment._record(ShipmentCreated)
        return shipment

    def is_for(self, *, customer_id: str, address: Address, items: tuple[Item, ...]) -> bool:
        """True when a request with these details is a repeat of the one that created this shipment."""
        return (self.customer_id, self.address, self.items) == (customer_id, address, items)

    @property
    def allowed_actions(self) -> frozenset[Action]:
        return frozenset(action for state, action in TRANSITIONS if state is self.status)

    def dispatch(self, *, at: datetime) -> bool:
        """The parcel leaves the warehouse; False when it had already left (nothing changes)."""
        if not self._transition(Action.DISPATCH):
            return False
        self.dispatched_at = at
        self._record(ShipmentDispatched)
        return True

    def cancel(self, *, at: datetime) -> bool:
        """Call the shipment off before it is picked; False when it was already cancelled (nothing changes)."""
        if not self._transition(Action.CANCEL):
            return False
        self.cancelled_at = at
        self._record(ShipmentCancelled)
        return True

    def _transition(self, action: Action) -> bool:
        if (self.status, action) in DONE:
            return False
        target = TRANSITIONS.get((self.status, action))
        if target is None:
            if (self.status, action) == (Status.DISPATCHED, Action.CANCEL):
                raise AlreadyDispatched(self.order_id)
            raise IllegalTransition(self.status.value, action.value)
        self.status = target
        return True

    def _record(self, event: type[DomainEvent]) -> None:
        self.events.append(event(order_id=self.order_id, tracking_number=self.tracking_number))
