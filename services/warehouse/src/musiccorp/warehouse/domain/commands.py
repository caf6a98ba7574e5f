"""What may be asked of the warehouse: imperative, one per use case."""

from __future__ import annotations

from dataclasses import dataclass

from musiccorp.warehouse.domain.lines import Line


@dataclass(frozen=True, slots=True)
class ReserveStock:
    order_id: str
    ship_to_country: str
    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class ConfirmReservation:
    order_id: str


@dataclass(frozen=True, slots=True)
class ReleaseReservation:
    order_id: str


@dataclass(frozen=True, slots=True)
class PickLine:
    """Fetch ``quantity`` units of an album from the shelf for an order; ``picker`` says who did."""

    order_id: str
    album_id: str
    quantity: int
    picker: str
