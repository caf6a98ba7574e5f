"""The unit of work on the ledger: payments, refunds, answers and their events in one transaction."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from musiccorp.chassis import unit_of_work
from musiccorp.payments.adapters.integration_events import integration_event
from musiccorp.payments.adapters.repository import SqlAnswerStore, SqlPaymentRepository, SqlRefundRepository
from musiccorp.payments.domain.model import Payment
from musiccorp.payments.service_layer.ports import AbstractUnitOfWork


class SqlUnitOfWork(unit_of_work.SqlUnitOfWork, AbstractUnitOfWork):
    """The chassis' transaction and outbox over the ledger's repositories."""

    def _open(self, connection: AsyncConnection) -> None:
        self.payments = SqlPaymentRepository(connection)
        self.refunds = SqlRefundRepository(connection)
        self.answers = SqlAnswerStore(connection)

    async def _commit(self, changed: list[Payment]) -> None:
        for payment in changed:
            await self.payments.store(payment)
        await self._complete(integration_event(event) for payment in changed for event in payment.events)
