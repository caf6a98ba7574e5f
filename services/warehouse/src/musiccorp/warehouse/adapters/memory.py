"""In-memory reservations, stock and picks: the fakes for unit tests and the API's tests without a database.

They keep the promises of the real ones: a reservation handed out is a copy,
so an uncommitted change is lost; a commit is all or nothing; an order is
reserved once; a hold takes stock only when enough is available; a change
made since a reservation was read is refused; a line is picked once.
"""

from __future__ import annotations

import copy
import dataclasses
from datetime import datetime

from musiccorp.warehouse.domain.commands import PickLine
from musiccorp.warehouse.domain.errors import ConcurrentChange, InsufficientStock, PickListNotFound
from musiccorp.warehouse.domain.events import DomainEvent, OrderPicked, ReservationConfirmed
from musiccorp.warehouse.domain.model import Reservation, Status
from musiccorp.warehouse.domain.picking import PickProgress
from musiccorp.warehouse.domain.stock import StockChange, StockLevel, stock_changes
from musiccorp.warehouse.service_layer.ports import (
    AbstractPickRepository,
    AbstractReservationRepository,
    AbstractStockRepository,
    AbstractUnitOfWork,
    ReservationExists,
)


class InMemoryReservationRepository(AbstractReservationRepository):
    def __init__(self, stored: dict[str, Reservation]) -> None:
        super().__init__()
        self.stored = stored

    async def _get(self, order_id: str) -> Reservation | None:
        found = self.stored.get(order_id)
        return copy.deepcopy(found) if found is not None else None

    async def due(self, now: datetime, *, limit: int) -> list[str]:
        held = sorted((r for r in self.stored.values() if r.status is Status.HELD and now >= r.expires_at),
                      key=lambda r: r.expires_at)
        return [reservation.order_id for reservation in held[:limit]]

    async def store(self, reservation: Reservation) -> None:
        current = self.stored.get(reservation.order_id)
        if reservation.version == 0 and current is not None:
            raise ReservationExists(reservation.order_id)
        if (current.version if current else 0) != reservation.version:
            raise ConcurrentChange(reservation.order_id)
        snapshot = copy.deepcopy(reservation)
        snapshot.version += 1
        snapshot.events.clear()
        self.stored[reservation.order_id] = snapshot


class InMemoryStockRepository(AbstractStockRepository):
    def __init__(self, levels: dict[str, StockLevel]) -> None:
        self.levels = levels

    async def get(self, album_id: str) -> StockLevel | None:
        return self.levels.get(album_id)

    async def apply(self, change: StockChange) -> None:
        level = self.levels.get(change.album_id)
        if change.reserved > 0 and (level is None or level.available < change.reserved):
            raise InsufficientStock(change.album_id, requested=change.reserved,
                                    available=level.available if level else 0)
        if level is None:
            raise LookupError(f"no stock row for album {change.album_id!r} to return units to")
        self.levels[change.album_id] = dataclasses.replace(level, on_hand=level.on_hand + change.on_hand,
                                                           reserved=level.reserved + change.reserved)


class InMemoryUnitOfWork(AbstractUnitOfWork):
    """Re-usable: every ``async with`` is a new unit over the same stored reservations and stock.

    ``published`` lists the domain events of every commit, in order; ``pick_lists`` the
    lines of every confirmed order, waiting to be picked.
    """

    def __init__(self, stock: dict[str, int] | None = None) -> None:
        self.stored: dict[str, Reservation] = {}
        self.levels = {album: StockLevel(album, on_hand=units, reserved=0) for album, units in (stock or {}).items()}
        self.published: list[DomainEvent] = []
        self.pick_lists: dict[str, ReservationConfirmed] = {}
        self.commits = 0

    async def __aenter__(self) -> InMemoryUnitOfWork:
        self.reservations = InMemoryReservationRepository(self.stored)
        self.stock = InMemoryStockRepository(self.levels)
        return self

    async def _commit(self, changed: list[Reservation]) -> None:
        reservations = InMemoryReservationRepository(dict(self.stored))
        stock = InMemoryStockRepository(dict(self.levels))
        for reservation in changed:
            await reservations.store(reservation)
            for event in reservation.events:
                for change in stock_changes(event):
                    await stock.apply(change)
        self.stored, self.levels = reservations.stored, stock.levels
        events = [event for reservation in changed for event in reservation.events]
        self.published.extend(events)
        self.pick_lists.update({e.order_id: e for e in events if isinstance(e, ReservationConfirmed)})
        self.commits += 1

    async def rollback(self) -> None:
        pass


class InMemoryPickRepository(AbstractPickRepository):
    """Picks of the orders whose pick lists (order id -> number of lines) it was given."""

    def __init__(self, pick_lists: dict[str, int]) -> None:
        self.lines = dict(pick_lists)
        self.picks: dict[tuple[str, str], PickLine] = {}
        self.announced: list[OrderPicked] = []

    async def is_picked(self, order_id: str, album_id: str) -> bool:
        return (order_id, album_id) in self.picks

    async def add(self, pick: PickLine) -> PickProgress:
        if pick.order_id not in self.lines:
            raise PickListNotFound(pick.order_id)
        if (pick.order_id, pick.album_id) in self.picks:
            raise ValueError(f"{pick.album_id} of order {pick.order_id} is already picked")  # the key refuses it
        self.picks[(pick.order_id, pick.album_id)] = pick
        picked = sum(1 for order_id, _ in self.picks if order_id == pick.order_id)
        return PickProgress(pick.order_id, lines=self.lines[pick.order_id], picked=picked)

    async def announce(self, event: OrderPicked) -> None:
        self.announced.append(event)
