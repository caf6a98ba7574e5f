"""What happened to a customer: the domain events, one per change of the aggregate.

They name the customer only; what is published to other contexts is decided
by the integration events (``adapters/integration_events.py``), not here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DomainEvent:
    customer_id: str


@dataclass(frozen=True, slots=True)
class CustomerRegistered(DomainEvent):
    pass


@dataclass(frozen=True, slots=True)
class AddressChanged(DomainEvent):
    pass


@dataclass(frozen=True, slots=True)
class CustomerSuspended(DomainEvent):
    pass


@dataclass(frozen=True, slots=True)
class CustomerReactivated(DomainEvent):
    pass


@dataclass(frozen=True, slots=True)
class CustomerClosed(DomainEvent):
    pass
