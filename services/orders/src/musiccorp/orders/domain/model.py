"""An order and its lifecycle (practice 4.9), and the rules its parts share with the cart.

An order is an explicit state machine, moved only by the checkout saga
(:mod:`.saga` says which step reaches which state)::

    placed ──▶ stock_reserved ──▶ paid ──▶ shipped ──▶ completed
      └────────────┴──────────────┴─────────┴──▶ cancelled (with a reason a customer can read)

Every move increments ``version``, appends to ``history`` and records an
:class:`~.events.OrderEvent`, which the unit of work publishes through the
outbox. A move the table does not allow raises :class:`IllegalTransition`.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

from musiccorp.chassis.text import clean_text
from musiccorp.orders.domain.errors import IllegalTransition, InvalidOrder
from musiccorp.orders.domain.events import OrderEvent
from musiccorp.orders.domain.money import SHOP_CURRENCY, Money

MAX_QUANTITY = 10
MAX_LINES = 20
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"
CARD_TOKEN_PATTERN = r"^[!-~]{1,255}$"
NAME_MAX_LENGTH = LINE_MAX_LENGTH = 200
CITY_MAX_LENGTH = 100
POSTCODE_MAX_LENGTH = 20
REASON_MAX_LENGTH = 300

_ID = re.compile(ID_PATTERN)
_CARD_TOKEN = re.compile(CARD_TOKEN_PATTERN)
_COUNTRY = re.compile(r"^[A-Z]{2}$")


class Status(StrEnum):
    PLACED = "placed"
    STOCK_RESERVED = "stock_reserved"
    PAID = "paid"
    SHIPPED = "shipped"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


# The one way forward from each state; any state not final may instead become cancelled.
NEXT = MappingProxyType({
    Status.PLACED: Status.STOCK_RESERVED,
    Status.STOCK_RESERVED: Status.PAID,
    Status.PAID: Status.SHIPPED,
    Status.SHIPPED: Status.COMPLETED,
})
FINAL = frozenset({Status.COMPLETED, Status.CANCELLED})


def new_order_id() -> str:
    return str(uuid.uuid4())


def identifier(value: str, *, label: str) -> str:
    """An id as other services write theirs (a UUID, or any 1–64 letters, digits, ``-`` and ``_``)."""
    if not _ID.fullmatch(value):
        raise InvalidOrder(label, "must be 1 to 64 letters, digits, '-' or '_'")
    return value


def _address_part(value: str, *, label: str, max_length: int) -> str:
    """A part of the address an order ships to, as the customer gave it at checkout: without surrounding blanks;
    refused when empty, too long, or holding control characters (it is printed and mailed back as given).

    The shop's one rule for typed text (``musiccorp.chassis.text``), refused in the order's own words.
    """
    try:
        return clean_text(value, max_length=max_length)
    except ValueError as refusal:
        raise InvalidOrder(label, str(refusal)) from None


def quantity(value: int) -> int:
    if not 1 <= value <= MAX_QUANTITY:
        raise InvalidOrder("quantity", f"must be 1 to {MAX_QUANTITY}")
    return value


@dataclass(frozen=True, slots=True)
class PricedAlbum:
    """An album as the catalog describes it now: what a cart shows and an order charges."""

    id: str
    title: str
    artist: str
    price: Money

    def __post_init__(self) -> None:
        if self.price.currency != SHOP_CURRENCY:
            raise InvalidOrder("price", f"the shop sells in {SHOP_CURRENCY} only, not {self.price.currency}")


@dataclass(frozen=True, slots=True)
class OrderLine:
    album_id: str
    title: str
    quantity: int
    unit_price: Money

    @property
    def line_total(self) -> Money:
        return self.unit_price.times(self.quantity)


@dataclass(frozen=True, slots=True)
class ShippingAddress:
    """Where the order goes; built only in its normalised form. Whether we ship there is the warehouse's call."""

    name: str
    line1: str
    city: str
    postcode: str
    country: str
    line2: str | None = None

    def __post_init__(self) -> None:
        line2 = self.line2.strip() if self.line2 else ""
        normalised = {
            "name": _address_part(self.name, label="name", max_length=NAME_MAX_LENGTH),
            "line1": _address_part(self.line1, label="line1", max_length=LINE_MAX_LENGTH),
            "line2": _address_part(line2, label="line2", max_length=LINE_MAX_LENGTH) if line2 else None,
            "city": _address_part(self.city, label="city", max_length=CITY_MAX_LENGTH),
            "postcode": _address_part(self.postcode, label="postcode", max_length=POSTCODE_MAX_LENGTH),
            "country": self.country.strip().upper(),
        }
        if not _COUNTRY.fullmatch(normalised["country"]):
            raise InvalidOrder("country", f"{self.country!r} is not an ISO 3166-1 alpha-2 country code")
        for name, value in normalised.items():
            object.__setattr__(self, name, value)


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    status: Status
    at: datetime


@dataclass(eq=False)
class Order:
    """The aggregate. ``events`` holds the moves not yet committed; the unit of work publishes and clears them."""

    id: str
    customer_id: str
    lines: tuple[OrderLine, ...]
    shipping_address: ShippingAddress
    card_token: str
    placed_at: datetime
    updated_at: datetime
    status: Status = Status.PLACED
    version: int = 1
    cancellation_reason: str | None = None
    tracking_number: str | None = None
    history: list[HistoryEntry] = field(default_factory=list)
    events: list[OrderEvent] = field(default_factory=list, repr=False)

    @classmethod
    def place(cls, *, order_id: str, customer_id: str, lines: list[OrderLine], shipping_address: ShippingAddress,
              card_token: str, at: datetime) -> Order:
        if not lines:
            raise InvalidOrder("lines", "an order needs at least one line")
        if len(lines) > MAX_LINES:
            raise InvalidOrder("lines", f"an order has at most {MAX_LINES} lines")
        if len({line.album_id for line in lines}) != len(lines):
            raise InvalidOrder("lines", "name each album once, with its quantity")
        for line in lines:
            quantity(line.quantity)
        if not _CARD_TOKEN.fullmatch(card_token):
            raise InvalidOrder("card_token", "must be 1 to 255 printable characters without blanks")
        order = cls(id=order_id, customer_id=identifier(customer_id, label="customer_id"), lines=tuple(lines),
                    shipping_address=shipping_address, card_token=card_token, placed_at=at, updated_at=at,
                    history=[HistoryEntry(Status.PLACED, at)])
        order.events.append(OrderEvent(order.id, Status.PLACED, at))
        return order

    @property
    def total(self) -> Money:
        return sum((line.line_total for line in self.lines[1:]), self.lines[0].line_total)

    @property
    def is_final(self) -> bool:
        return self.status in FINAL

    def advance(self, to: Status, *, at: datetime, tracking_number: str | None = None) -> None:
        """Take the one step forward the state allows, to ``to``."""
        if NEXT.get(self.status) is not to:
            raise IllegalTransition(self.status.value, to.value)
        if tracking_number is not None:
            self.tracking_number = tracking_number
        self._move(to, at)

    def cancel(self, reason: str, *, at: datetime) -> None:
        """End the order, telling the customer why; only an order not yet final can be cancelled."""
        if self.is_final:
            raise IllegalTransition(self.status.value, Status.CANCELLED.value)
        self.cancellation_reason = reason[:REASON_MAX_LENGTH]
        self._move(Status.CANCELLED, at, reason=self.cancellation_reason)

    def _move(self, to: Status, at: datetime, *, reason: str | None = None) -> None:
        self.status = to
        self.version += 1
        self.updated_at = at
        self.history.append(HistoryEntry(to, at))
        self.events.append(OrderEvent(self.id, to, at, reason))
