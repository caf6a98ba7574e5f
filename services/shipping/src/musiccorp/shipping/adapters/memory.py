"""In-memory shipments: the fake unit of work for unit tests and the API's tests without a database.

It keeps the promises of the real one: a shipment handed out is a copy, so an
uncommitted change is lost; a commit is all or nothing; an order has one
shipment and a tracking number one order; a change made since a shipment was
read is refused.
"""

from __future__ import annotations

import copy

from musiccorp.shipping.domain.errors import ConcurrentChange, ShipmentExists, TrackingNumberTaken
from musiccorp.shipping.domain.events import DomainEvent
from musiccorp.shipping.domain.model import Shipment
from musiccorp.shipping.service_layer.ports import AbstractShipmentRepository, AbstractUnitOfWork


class InMemoryShipmentRepository(AbstractShipmentRepository):
    def __init__(self, stored: dict[str, Shipment]) -> None:
        super().__init__()
        self.stored = stored

    async def _get(self, order_id: str) -> Shipment | None:
        return copy.deepcopy(self.stored.get(order_id))

    async def _with_tracking_number(self, tracking_number: str) -> Shipment | None:
        found = next((s for s in self.stored.values() if s.tracking_number == tracking_number), None)
        return copy.deepcopy(found)

    async def store(self, shipment: Shipment) -> None:
        current = self.stored.get(shipment.order_id)
        if shipment.version == 0 and current is not None:
            raise ShipmentExists(shipment.order_id)
        if (current.version if current else 0) != shipment.version:
            raise ConcurrentChange(shipment.order_id)
        if current is None and await self._with_tracking_number(shipment.tracking_number) is not None:
            raise TrackingNumberTaken(shipment.tracking_number)
        snapshot = copy.deepcopy(shipment)
        snapshot.version += 1
        snapshot.events.clear()
        self.stored[shipment.order_id] = snapshot


class InMemoryUnitOfWork(AbstractUnitOfWork):
    """Re-usable: every ``async with`` is a new unit over the same stored shipments.

    ``published`` lists the domain events of every commit, in order.
    """

    def __init__(self) -> None:
        self.stored: dict[str, Shipment] = {}
        self.published: list[DomainEvent] = []
        self.commits = 0

    async def __aenter__(self) -> InMemoryUnitOfWork:
        self.shipments = InMemoryShipmentRepository(self.stored)
        return self

    async def _commit(self, changed: list[Shipment]) -> None:
        staged = InMemoryShipmentRepository(dict(self.stored))
        for shipment in changed:
            await staged.store(shipment)
        self.stored = staged.stored
        self.published.extend(event for shipment in changed for event in shipment.events)
        self.commits += 1

    async def rollback(self) -> None:
        pass
