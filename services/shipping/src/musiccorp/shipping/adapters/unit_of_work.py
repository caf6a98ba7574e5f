"""Units of work on the shipping database: state changes and their events in one transaction.

Two kinds, one class. An API request owns its transaction
(``SqlUnitOfWork(engine, ...)``); an event handler runs inside the transaction
the chassis consumer owns, which also writes the inbox row
(``SqlUnitOfWork(connection=...)``) — the dispatch, its event and "this picked
event is handled" then commit together, or not at all.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from musiccorp.chassis import unit_of_work
from musiccorp.shipping.adapters.integration_events import integration_event
from musiccorp.shipping.adapters.repository import SqlShipmentRepository
from musiccorp.shipping.domain.model import Shipment
from musiccorp.shipping.service_layer.ports import AbstractUnitOfWork


class SqlUnitOfWork(unit_of_work.SqlUnitOfWork, AbstractUnitOfWork):
    """The chassis' transaction (or the consumer's) and outbox over the shipments' repository."""

    def _open(self, connection: AsyncConnection) -> None:
        self.shipments = SqlShipmentRepository(connection)

    async def _commit(self, changed: list[Shipment]) -> None:
        for shipment in changed:
            await self.shipments.store(shipment)
        await self._complete(integration_event(event) for shipment in changed for event in shipment.events)
