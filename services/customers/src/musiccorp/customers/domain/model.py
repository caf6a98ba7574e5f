"""The customer: who they are, where they live, and the state of their account (practice 4.9).

A customer is an explicit state machine::

    active ──suspend──▶ suspended ──reactivate──▶ active
    active ──close──▶ closed ◀──close── suspended

The address may change in every state but ``closed``. :data:`TRANSITIONS` is
the whole of it: an action missing from the table raises
:class:`IllegalTransition`, naming the state and the action.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from musiccorp.chassis.text import clean_text
from musiccorp.customers.domain.countries import COUNTRIES
from musiccorp.customers.domain.errors import IllegalTransition, InvalidCustomer
from musiccorp.customers.domain.events import (
    AddressChanged,
    CustomerClosed,
    CustomerReactivated,
    CustomerRegistered,
    CustomerSuspended,
    DomainEvent,
)

# The WHATWG "valid e-mail address", with at least one dot in the domain: sane, ASCII, no dependency.
EMAIL_PATTERN = (r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                 r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")
EMAIL_MAX_LENGTH = 254
NAME_MAX_LENGTH = 200
LINE_MAX_LENGTH = 200
CITY_MAX_LENGTH = 100
POSTCODE_MAX_LENGTH = 20

_EMAIL = re.compile(EMAIL_PATTERN)


class Status(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    CLOSED = "closed"


class Action(StrEnum):
    CHANGE_ADDRESS = "change address"
    SUSPEND = "suspend"
    REACTIVATE = "reactivate"
    CLOSE = "close"


TRANSITIONS = MappingProxyType({
    (Status.ACTIVE, Action.CHANGE_ADDRESS): Status.ACTIVE,
    (Status.ACTIVE, Action.SUSPEND): Status.SUSPENDED,
    (Status.ACTIVE, Action.CLOSE): Status.CLOSED,
    (Status.SUSPENDED, Action.CHANGE_ADDRESS): Status.SUSPENDED,
    (Status.SUSPENDED, Action.REACTIVATE): Status.ACTIVE,
    (Status.SUSPENDED, Action.CLOSE): Status.CLOSED,
})


def new_customer_id() -> str:
    return str(uuid.uuid4())


def is_customer_id(value: str) -> bool:
    """True when ``value`` is written as a customer id is (a canonical UUID)."""
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False


def text(value: str, *, label: str, max_length: int) -> str:
    """What a customer writes about themselves — their name, a part of their address — as their record keeps
    it: without surrounding blanks; refused when empty, too long, or holding control characters.

    The entrypoints check request bodies with this same rule, so a refusal reads as the domain words it.
    """
    try:
        return clean_text(value, max_length=max_length)
    except ValueError as refusal:
        raise InvalidCustomer(label, str(refusal)) from None


def normalise_email(value: str) -> str:
    email = value.lower()
    if len(email) > EMAIL_MAX_LENGTH or not _EMAIL.fullmatch(email):
        raise InvalidCustomer("email", "is not a valid e-mail address")
    return email


def country_code(value: str) -> str:
    code = value.strip().upper()
    if code not in COUNTRIES:
        raise InvalidCustomer("country", f"{value!r} is not an ISO 3166-1 alpha-2 country code")
    return code


@dataclass(frozen=True, slots=True)
class Address:
    """A postal address; built only in its normalised form (blanks stripped, country upper case)."""

    line1: str
    city: str
    postcode: str
    country: str
    line2: str | None = None

    def __post_init__(self) -> None:
        line2 = self.line2.strip() if self.line2 else ""
        normalised = {
            "line1": text(self.line1, label="line1", max_length=LINE_MAX_LENGTH),
            "line2": text(line2, label="line2", max_length=LINE_MAX_LENGTH) if line2 else None,
            "city": text(self.city, label="city", max_length=CITY_MAX_LENGTH),
            "postcode": text(self.postcode, label="postcode", max_length=POSTCODE_MAX_LENGTH),
            "country": country_code(self.country),
        }
        for name, value in normalised.items():
            object.__setattr__(self, name, value)

    @property
    def country_name(self) -> str:
        return COUNTRIES[self.country]


@dataclass(eq=False)
class Customer:
    """The aggregate. Every change appends its domain event to ``events``; the unit of work publishes them."""

    id: str
    name: str
    email: str
    address: Address
    status: Status = Status.ACTIVE
    version: int = 0
    events: list[DomainEvent] = field(default_factory=list, repr=False)

    @classmethod
    def register(cls, *, customer_id: str, name: str, email: str, address: Address) -> Customer:
        customer = cls(id=customer_id, name=text(name, label="name", max_length=NAME_MAX_LENGTH),
                       email=normalise_email(email), address=address)
        customer.events.append(CustomerRegistered(customer.id))
        return customer

    @property
    def allowed_actions(self) -> frozenset[Action]:
        return frozenset(action for state, action in TRANSITIONS if state is self.status)

    def change_address(self, address: Address) -> None:
        self._transition(Action.CHANGE_ADDRESS)
        if address != self.address:
            self.address = address
            self.events.append(AddressChanged(self.id))

    def suspend(self) -> None:
        self.status = self._transition(Action.SUSPEND)
        self.events.append(CustomerSuspended(self.id))

    def reactivate(self) -> None:
        self.status = self._transition(Action.REACTIVATE)
        self.events.append(CustomerReactivated(self.id))

    def close(self) -> None:
        self.status = self._transition(Action.CLOSE)
        self.events.append(CustomerClosed(self.id))

    def _transition(self, action: Action) -> Status:
        target = TRANSITIONS.get((self.status, action))
        if target is None:
            raise IllegalTransition(self.status.value, action.value)
        return target
