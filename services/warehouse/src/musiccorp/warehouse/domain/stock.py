"""Stock of one album, and what each reservation event does to it.

``on_hand`` units are on the shelf; ``reserved`` of them are held for orders
not yet confirmed; the rest are ``available``. A hold reserves, a release or an
expiry un-reserves, a confirmation takes units off the shelf for good. The
stock rows are changed by these deltas only, applied atomically by the
repository — a hold only if enough units are available at that moment, so two
orders racing for the last copy cannot both win.
"""

from __future__ import annotations

from dataclasses import dataclass

from musiccorp.warehouse.domain.events import (
    DomainEvent,
    ReservationConfirmed,
    ReservationExpired,
    ReservationHeld,
    ReservationReleased,
)


@dataclass(frozen=True, slots=True)
class StockLevel:
    album_id: str
    on_hand: int
    reserved: int

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


@dataclass(frozen=True, slots=True)
class StockChange:
    """Deltas to one album's counters; a positive ``reserved`` needs that many units available."""

    album_id: str
    reserved: int
    on_hand: int = 0


def stock_changes(event: DomainEvent) -> tuple[StockChange, ...]:
    """What ``event`` does to stock, one change per line (nothing for events that do not touch it)."""
    match event:
        case ReservationHeld(lines=lines):
            return tuple(StockChange(line.album_id, reserved=line.quantity) for line in lines)
        case ReservationReleased(lines=lines) | ReservationExpired(lines=lines):
            return tuple(StockChange(line.album_id, reserved=-line.quantity) for line in lines)
        case ReservationConfirmed(lines=lines):
            return tuple(StockChange(line.album_id, reserved=-line.quantity, on_hand=-line.quantity)
                         for line in lines)
    return ()
