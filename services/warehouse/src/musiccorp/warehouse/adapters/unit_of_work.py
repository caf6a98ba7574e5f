"""The unit of work on the warehouse's database: reservations, stock and their events in one transaction."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncTransaction

from musiccorp.chassis.events import WorkQueue, record_event
from musiccorp.warehouse.adapters.integration_events import integration_event
from musiccorp.warehouse.adapters.picking import open_pick_list
from musiccorp.warehouse.adapters.repository import SqlReservationRepository, SqlStockRepository
from musiccorp.warehouse.domain.events import ReservationConfirmed
from musiccorp.warehouse.domain.model import Reservation
from musiccorp.warehouse.domain.stock import stock_changes
from musiccorp.warehouse.service_layer.ports import AbstractUnitOfWork


class SqlUnitOfWork(AbstractUnitOfWork):
    """One transaction per ``async with``; ``notify`` wakes the outbox relay after a commit that recorded events."""

    def __init__(self, engine: AsyncEngine, *, source: str, picks: WorkQueue, notify: Callable[[], None]) -> None:
        self._engine = engine
        self._source = source
        self._picks = picks
        self._notify = notify
        self._connection: AsyncConnection | None = None
        self._transaction: AsyncTransaction | None = None

    async def __aenter__(self) -> SqlUnitOfWork:
        self._connection = await self._engine.connect()
        self._transaction = await self._connection.begin()
        self.reservations = SqlReservationRepository(self._connection)
        self.stock = SqlStockRepository(self._connection)
        return self

    async def _commit(self, changed: list[Reservation]) -> None:
        # The reservation, the stock it moves, the events announcing it and the pick jobs it calls for go
        # into one local transaction (the outbox): committed together, or not at all. The reservation is
        # stored first, so a change made meanwhile is refused before any stock moves.
        for reservation in changed:
            await self.reservations.store(reservation)
            for event in reservation.events:
                for change in stock_changes(event):
                    await self.stock.apply(change)
                await record_event(self._connection, integration_event(event), source=self._source)
                if isinstance(event, ReservationConfirmed):
                    await open_pick_list(self._connection, event, queue=self._picks, source=self._source)
        await self._transaction.commit()
        if changed:
            self._notify()

    async def rollback(self) -> None:
        if self._transaction is not None and self._transaction.is_active:
            await self._transaction.rollback()
        if self._connection is not None:
            await self._connection.close()
        self._connection = self._transaction = None
