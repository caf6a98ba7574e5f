"""What the customers context tells the others: its published events (ADR 0005, practice 4.12).

Each domain event maps to one integration event whose ``data`` names the
customer by reference — the id and the URI to fetch them from — never a copy
of the record: a consumer that needs the name or the address asks the
customers service, and so always sees the current one. The URI's host is the
service's name, which discovery resolves.

The models here are the contract: their JSON Schemas are committed under
``contracts/events/customers/`` and a test keeps the two equal.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from musiccorp.chassis.events import Event, published_events
from musiccorp.customers.domain.events import (
    AddressChanged,
    CustomerClosed,
    CustomerReactivated,
    CustomerRegistered,
    CustomerSuspended,
    DomainEvent,
)

CUSTOMER_URI = "http://customers/v1/customers/{customer_id}"


def customer_uri(customer_id: str) -> str:
    return CUSTOMER_URI.format(customer_id=customer_id)


class CustomerReference(BaseModel):
    """Which customer an event is about: fetch them from ``customer_uri`` for anything more."""

    model_config = ConfigDict(frozen=True)
    type: ClassVar[str]

    customer_id: str = Field(description="The customer's id (a UUID).", json_schema_extra={"format": "uuid"},
                             examples=["5b0e3f6c-3a8e-4c1b-9a43-0f5f2a1d7c10"])
    customer_uri: str = Field(
        description="Where the customer's current record is read: GET it from the customers service.",
        pattern=r"^http://customers/v1/customers/", json_schema_extra={"format": "uri"},
        examples=["http://customers/v1/customers/5b0e3f6c-3a8e-4c1b-9a43-0f5f2a1d7c10"])

    @classmethod
    def about(cls, customer_id: str) -> CustomerReference:
        return cls(customer_id=customer_id, customer_uri=customer_uri(customer_id))


class CustomerRegisteredV1(CustomerReference):
    """A customer registered: their account is active."""

    type: ClassVar[str] = "customers.customer.registered.v1"


class AddressChangedV1(CustomerReference):
    """A customer's postal address changed."""

    type: ClassVar[str] = "customers.customer.address_changed.v1"


class CustomerSuspendedV1(CustomerReference):
    """A customer's account was suspended: no new orders until it is reactivated."""

    type: ClassVar[str] = "customers.customer.suspended.v1"


class CustomerReactivatedV1(CustomerReference):
    """A suspended customer's account is active again."""

    type: ClassVar[str] = "customers.customer.reactivated.v1"


class CustomerClosedV1(CustomerReference):
    """A customer's account was closed, for good."""

    type: ClassVar[str] = "customers.customer.closed.v1"


PUBLISHED: dict[type[DomainEvent], type[CustomerReference]] = {
    CustomerRegistered: CustomerRegisteredV1,
    AddressChanged: AddressChangedV1,
    CustomerSuspended: CustomerSuspendedV1,
    CustomerReactivated: CustomerReactivatedV1,
    CustomerClosed: CustomerClosedV1,
}


def integration_event(event: DomainEvent) -> Event:
    """The event to record in the outbox for ``event``."""
    model = PUBLISHED[type(event)]
    return Event(type=model.type, subject=event.customer_id,
                 data=model.about(event.customer_id).model_dump(mode="json"))


PUBLISHES = published_events(PUBLISHED.values())
