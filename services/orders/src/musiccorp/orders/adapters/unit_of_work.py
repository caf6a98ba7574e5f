"""The unit of work on the orders' database: every change and the events announcing it in one transaction."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from musiccorp.chassis import unit_of_work
from musiccorp.orders.adapters.integration_events import integration_event
from musiccorp.orders.adapters.repository import SqlCartRepository, SqlOrderRepository, SqlRequestLog
from musiccorp.orders.adapters.saga_store import SqlSagaRepository
from musiccorp.orders.service_layer.ports import AbstractUnitOfWork, Move


class SqlUnitOfWork(unit_of_work.SqlUnitOfWork, AbstractUnitOfWork):
    """The chassis' transaction and outbox over orders, carts, sagas and Idempotency-Keys.

    The repositories write at once, on this transaction; the commit records an event per move of an order.
    """

    def _open(self, connection: AsyncConnection) -> None:
        self.orders = SqlOrderRepository(connection)
        self.carts = SqlCartRepository(connection)
        self.sagas = SqlSagaRepository(connection)
        self.requests = SqlRequestLog(connection)

    async def _commit(self, moves: list[Move]) -> None:
        await self._complete(integration_event(order, event) for order, event in moves)
