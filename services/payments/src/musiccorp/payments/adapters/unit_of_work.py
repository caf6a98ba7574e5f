"""The unit of work on the ledger: payments, refunds, answers and their events in one transaction."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncTransaction

from musiccorp.chassis.events import record_event
from musiccorp.payments.adapters.integration_events import integration_event
from musiccorp.payments.adapters.repository import SqlAnswerStore, SqlPaymentRepository, SqlRefundRepository
from musiccorp.payments.domain.model import Payment
from musiccorp.payments.service_layer.ports import AbstractUnitOfWork


class SqlUnitOfWork(AbstractUnitOfWork):
    """One transaction per ``async with``; ``notify`` wakes the outbox relay after a commit that recorded events."""

    def __init__(self, engine: AsyncEngine, *, source: str, notify: Callable[[], None]) -> None:
        self._engine = engine
        self._source = source
        self._notify = notify
        self._connection: AsyncConnection | None = None
        self._transaction: AsyncTransaction | None = None

    async def __aenter__(self) -> SqlUnitOfWork:
        self._connection = await self._engine.connect()
        self._transaction = await self._connection.begin()
        self.payments = SqlPaymentRepository(self._connection)
        self.refunds = SqlRefundRepository(self._connection)
        self.answers = SqlAnswerStore(self._connection)
        return self

    async def _commit(self, changed: list[Payment]) -> None:
        # The change and the events announcing it go into one local transaction (the outbox):
        # committed together, or not at all. Publishing after a separate commit could lose an
        # event in a crash, or announce a change that was rolled back.
        announced = False
        for payment in changed:
            await self.payments.store(payment)
            for event in payment.events:
                await record_event(self._connection, integration_event(event), source=self._source)
                announced = True
        await self._transaction.commit()
        if announced:
            self._notify()

    async def rollback(self) -> None:
        if self._transaction is not None and self._transaction.is_active:
            await self._transaction.rollback()
        if self._connection is not None:
            await self._connection.close()
        self._connection = self._transaction = None
