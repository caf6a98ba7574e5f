"""What the shipping use cases need from the outside world: a repository inside a unit of work."""

from __future__ import annotations

import abc
from typing import Self

from musiccorp.shipping.domain.model import Shipment


class AbstractShipmentRepository(abc.ABC):
    """The shipments of one unit of work; every shipment it hands out or is given is ``seen``."""

    def __init__(self) -> None:
        self.seen: list[Shipment] = []

    def add(self, shipment: Shipment) -> None:
        """Track a new shipment; it is stored when the unit of work commits."""
        self.seen.append(shipment)

    async def get(self, order_id: str) -> Shipment | None:
        return self._seen(await self._get(order_id))

    async def with_tracking_number(self, tracking_number: str) -> Shipment | None:
        return self._seen(await self._with_tracking_number(tracking_number))

    def _seen(self, shipment: Shipment | None) -> Shipment | None:
        if shipment is not None:
            self.seen.append(shipment)
        return shipment

    @abc.abstractmethod
    async def store(self, shipment: Shipment) -> None:
        """Insert (version 0) or update the shipment, refusing a change made since it was read.

        Raises ``ShipmentExists``, ``TrackingNumberTaken`` or ``ConcurrentChange``.
        """

    @abc.abstractmethod
    async def _get(self, order_id: str) -> Shipment | None: ...

    @abc.abstractmethod
    async def _with_tracking_number(self, tracking_number: str) -> Shipment | None: ...


class AbstractUnitOfWork(abc.ABC):
    """One atomic change: the shipments it touched and their events commit together or not at all.

    Used once per ``async with``; leaving the block without ``commit()`` rolls back.
    """

    shipments: AbstractShipmentRepository

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.rollback()

    async def commit(self) -> None:
        changed = [shipment for shipment in self.shipments.seen if shipment.events]
        await self._commit(changed)
        for shipment in changed:
            shipment.version += 1
            shipment.events.clear()

    @abc.abstractmethod
    async def _commit(self, changed: list[Shipment]) -> None:
        """Store ``changed`` and record their events, atomically."""

    @abc.abstractmethod
    async def rollback(self) -> None: ...
