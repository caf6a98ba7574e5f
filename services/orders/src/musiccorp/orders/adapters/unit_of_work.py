"""The unit of work on the orders' database: every change and the events announcing it in one transaction."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncTransaction

from musiccorp.orders.adapters.repository import SqlCartRepository, SqlOrderRepository, SqlRequestLog
from musiccorp.orders.adapters.saga_store import SqlSagaRepository
from musiccorp.orders.service_layer.ports import AbstractUnitOfWork


class SqlUnitOfWork(AbstractUnitOfWork):
    """One connection and transaction per ``async with``; ``notify`` wakes the outbox relay after a commit
    that recorded events.

    The outbox rows are written by the order repository on this transaction: an order's move and its event
    commit together or not at all — publishing after a separate commit could lose the event in a crash.
    """

    def __init__(self, engine: AsyncEngine, *, source: str, notify: Callable[[], None]) -> None:
        self._engine = engine
        self._source = source
        self._notify = notify
        self._connection: AsyncConnection | None = None
        self._transaction: AsyncTransaction | None = None

    async def __aenter__(self) -> SqlUnitOfWork:
        self._connection = connection = await self._engine.connect()
        self._transaction = await connection.begin()
        self.orders = SqlOrderRepository(connection, source=self._source)
        self.carts = SqlCartRepository(connection)
        self.sagas = SqlSagaRepository(connection)
        self.requests = SqlRequestLog(connection)
        return self

    async def commit(self) -> None:
        await self._transaction.commit()
        if self.orders.recorded_events:
            self._notify()

    async def rollback(self) -> None:
        if self._transaction is not None and self._transaction.is_active:
            await self._transaction.rollback()
        if self._connection is not None:
            await self._connection.close()
        self._connection = self._transaction = None
