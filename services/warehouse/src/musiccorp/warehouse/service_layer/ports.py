"""What the warehouse's use cases need from the outside world.

Reservations and stock live behind one unit of work, because a reservation's
change and the stock it moves must commit together. Picks are recorded on the
transaction of the pick job being handled (the chassis runs the handler inside
it, with the inbox row that makes a redelivered job a no-op).
"""

from __future__ import annotations

import abc
from datetime import datetime
from typing import Self

from musiccorp.warehouse.domain.commands import PickLine
from musiccorp.warehouse.domain.events import OrderPicked
from musiccorp.warehouse.domain.model import Reservation
from musiccorp.warehouse.domain.picking import PickProgress
from musiccorp.warehouse.domain.stock import StockChange, StockLevel


class AbstractReservationRepository(abc.ABC):
    """The reservations of one unit of work; every reservation it hands out or is given is ``seen``."""

    def __init__(self) -> None:
        self.seen: list[Reservation] = []

    def add(self, reservation: Reservation) -> None:
        """Track a new reservation; it is stored when the unit of work commits."""
        self.seen.append(reservation)

    async def get(self, order_id: str) -> Reservation | None:
        reservation = await self._get(order_id)
        if reservation is not None:
            self.seen.append(reservation)
        return reservation

    @abc.abstractmethod
    async def due(self, now: datetime, *, limit: int) -> list[str]:
        """Order ids of up to ``limit`` holds that lapsed by ``now`` and are not yet expired, oldest first."""

    @abc.abstractmethod
    async def store(self, reservation: Reservation) -> None:
        """Insert (version 0) or update the reservation, refusing a change made since it was read.

        Raises ``ReservationExists`` when a new reservation's order already has one, ``ConcurrentChange``
        when an existing one changed meanwhile.
        """

    @abc.abstractmethod
    async def _get(self, order_id: str) -> Reservation | None: ...


class ReservationExists(Exception):
    """A concurrent request reserved for the same order first; answer as that one did."""


class AbstractStockRepository(abc.ABC):
    @abc.abstractmethod
    async def get(self, album_id: str) -> StockLevel | None: ...

    @abc.abstractmethod
    async def apply(self, change: StockChange) -> None:
        """Apply the deltas atomically; a reservation only if enough units are available now.

        Raises ``InsufficientStock`` (naming the album and what is available) otherwise.
        """


class AbstractUnitOfWork(abc.ABC):
    """One atomic change: reservations, the stock they move and the events they produce commit together or not at all.

    Used once per ``async with``; leaving the block without ``commit()`` rolls back.
    """

    reservations: AbstractReservationRepository
    stock: AbstractStockRepository

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.rollback()

    async def commit(self) -> None:
        changed = [reservation for reservation in self.reservations.seen if reservation.events]
        await self._commit(changed)
        for reservation in changed:
            reservation.version += 1
            reservation.events.clear()

    @abc.abstractmethod
    async def _commit(self, changed: list[Reservation]) -> None:
        """Store ``changed``, apply the stock changes of their events and record the events, atomically."""

    @abc.abstractmethod
    async def rollback(self) -> None: ...


class AbstractPickRepository(abc.ABC):
    """Picks and pick lists, on the transaction of the pick job being handled."""

    @abc.abstractmethod
    async def is_picked(self, order_id: str, album_id: str) -> bool: ...

    @abc.abstractmethod
    async def add(self, pick: PickLine) -> PickProgress:
        """Record the pick (unique per order and album) and count it on the order's pick list.

        Raises ``PickListNotFound`` when the order has no pick list. Concurrent picks of one
        order are counted one after the other, so exactly one of them sees the list complete.
        """

    @abc.abstractmethod
    async def announce(self, event: OrderPicked) -> None:
        """Record the event in the outbox, with the pick that completed the order."""
