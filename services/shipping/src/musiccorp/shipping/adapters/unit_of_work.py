"""Units of work on the shipping database: state changes and their events in one transaction.

Two kinds, one rule. An API request owns its transaction (:class:`SqlUnitOfWork`);
an event handler runs inside the transaction the chassis consumer owns, which
also writes the inbox row (:class:`ConsumerUnitOfWork`) — the dispatch, its
event and "this picked event is handled" then commit together, or not at all.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncTransaction

from musiccorp.chassis.events import record_event
from musiccorp.shipping.adapters.integration_events import integration_event
from musiccorp.shipping.adapters.repository import SqlShipmentRepository
from musiccorp.shipping.domain.model import Shipment
from musiccorp.shipping.service_layer.ports import AbstractUnitOfWork


async def _store_with_events(connection: AsyncConnection, repository: SqlShipmentRepository,
                             changed: list[Shipment], *, source: str) -> None:
    # The change and the events announcing it go into one local transaction (the outbox):
    # committed together, or not at all. Publishing after a separate commit could lose an
    # event in a crash, or announce a change that was rolled back.
    for shipment in changed:
        await repository.store(shipment)
        for event in shipment.events:
            await record_event(connection, integration_event(event), source=source)


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
        self.shipments = SqlShipmentRepository(self._connection)
        return self

    async def _commit(self, changed: list[Shipment]) -> None:
        await _store_with_events(self._connection, self.shipments, changed, source=self._source)
        await self._transaction.commit()
        if changed:
            self._notify()

    async def rollback(self) -> None:
        if self._transaction is not None and self._transaction.is_active:
            await self._transaction.rollback()
        if self._connection is not None:
            await self._connection.close()
        self._connection = self._transaction = None


class ConsumerUnitOfWork(AbstractUnitOfWork):
    """A unit inside the event consumer's transaction: ``commit`` writes on its connection, the consumer commits.

    The relay is not woken: the transaction is not committed yet when the
    handler returns, so the relay's next poll (at most a second later) sends the events.
    """

    def __init__(self, connection: AsyncConnection, *, source: str) -> None:
        self._connection = connection
        self._source = source

    async def __aenter__(self) -> ConsumerUnitOfWork:
        self.shipments = SqlShipmentRepository(self._connection)
        return self

    async def _commit(self, changed: list[Shipment]) -> None:
        await _store_with_events(self._connection, self.shipments, changed, source=self._source)

    async def rollback(self) -> None:
        """Nothing to undo: writes happen only in ``commit``, and a failing handler rolls the whole delivery back."""
