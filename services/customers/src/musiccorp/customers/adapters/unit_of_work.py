"""The unit of work on the customers' database: state changes and their events in one transaction."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from musiccorp.chassis import unit_of_work
from musiccorp.customers.adapters.integration_events import integration_event
from musiccorp.customers.adapters.repository import SqlCustomerRepository
from musiccorp.customers.domain.model import Customer
from musiccorp.customers.service_layer.ports import AbstractUnitOfWork


class SqlUnitOfWork(unit_of_work.SqlUnitOfWork, AbstractUnitOfWork):
    """The chassis' transaction and outbox over the customers' repository."""

    def _open(self, connection: AsyncConnection) -> None:
        self.customers = SqlCustomerRepository(connection)

    async def _commit(self, changed: list[Customer]) -> None:
        for customer in changed:
            await self.customers.store(customer)
        await self._complete(integration_event(event) for customer in changed for event in customer.events)
