"""What happened in the warehouse: the domain events.

Each reservation event carries the reservation's lines, because they decide
what happens to stock (:func:`musiccorp.warehouse.domain.stock.stock_changes`);
what other contexts are told is decided by the integration events
(``adapters/integration_events.py``) and names the order only.
"""

from __future__ import annotations

from dataclasses import dataclass

from musiccorp.warehouse.domain.lines import Line


@dataclass(frozen=True, slots=True)
class DomainEvent:
    order_id: str


@dataclass(frozen=True, slots=True)
class ReservationHeld(DomainEvent):
    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class ReservationConfirmed(DomainEvent):
    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class ReservationReleased(DomainEvent):
    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class ReservationExpired(DomainEvent):
    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class OrderPicked(DomainEvent):
    pass
