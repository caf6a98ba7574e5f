"""The unit of work on the warehouse's database: reservations, stock and their events in one transaction."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from musiccorp.chassis import unit_of_work
from musiccorp.chassis.events import WorkQueue
from musiccorp.warehouse.adapters.integration_events import integration_event
from musiccorp.warehouse.adapters.picking import open_pick_list
from musiccorp.warehouse.adapters.repository import SqlReservationRepository, SqlStockRepository
from musiccorp.warehouse.domain.events import ReservationConfirmed
from musiccorp.warehouse.domain.model import Reservation
from musiccorp.warehouse.domain.stock import stock_changes
from musiccorp.warehouse.service_layer.ports import AbstractUnitOfWork


class SqlUnitOfWork(unit_of_work.SqlUnitOfWork, AbstractUnitOfWork):
    """The chassis' transaction and outbox over reservations and stock; a confirmation also queues its picks."""

    def __init__(self, engine: AsyncEngine | None = None, *, source: str, picks: WorkQueue,
                 notify: Callable[[], None] = lambda: None, connection: AsyncConnection | None = None) -> None:
        super().__init__(engine, source=source, notify=notify, connection=connection)
        self._picks = picks

    def _open(self, connection: AsyncConnection) -> None:
        self.reservations = SqlReservationRepository(connection)
        self.stock = SqlStockRepository(connection)

    async def _commit(self, changed: list[Reservation]) -> None:
        # The reservation, the stock it moves, the events announcing it and the pick jobs it calls for commit
        # together. The reservation is stored first, so a change made meanwhile is refused before any stock moves.
        for reservation in changed:
            await self.reservations.store(reservation)
            for event in reservation.events:
                for change in stock_changes(event):
                    await self.stock.apply(change)
                await self.record(integration_event(event))
                if isinstance(event, ReservationConfirmed):
                    await open_pick_list(self._connection, event, queue=self._picks, source=self._source)
        await self._complete()
