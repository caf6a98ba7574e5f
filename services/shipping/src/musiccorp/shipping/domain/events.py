"""What happened to a shipment: one domain event per change of the aggregate.

What other contexts are told is decided by the integration events
(``adapters/integration_events.py``), not here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DomainEvent:
    order_id: str
    tracking_number: str


@dataclass(frozen=True, slots=True)
class ShipmentCreated(DomainEvent):
    pass


@dataclass(frozen=True, slots=True)
class ShipmentDispatched(DomainEvent):
    pass


@dataclass(frozen=True, slots=True)
class ShipmentCancelled(DomainEvent):
    pass
