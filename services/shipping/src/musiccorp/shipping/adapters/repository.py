"""Shipments in their own SQL database (SQLite or PostgreSQL), through SQLAlchemy Core.

The repository works on the connection of its unit of work, so everything it
writes commits or rolls back with that unit.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from musiccorp.shipping.adapters.tables import shipments
from musiccorp.shipping.domain.errors import ConcurrentChange, ShipmentExists, TrackingNumberTaken
from musiccorp.shipping.domain.model import Address, Item, Shipment, Status, is_identifier
from musiccorp.shipping.domain.tracking import is_tracking_number
from musiccorp.shipping.service_layer.ports import AbstractShipmentRepository


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything stored here is UTC."""
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=UTC)


def _changes(shipment: Shipment) -> dict:
    """The columns a change can touch, with the version the row will have."""
    return {"status": shipment.status.value, "dispatched_at": shipment.dispatched_at,
            "cancelled_at": shipment.cancelled_at, "version": shipment.version + 1}


def _row(shipment: Shipment) -> dict:
    address = shipment.address
    return {
        "order_id": shipment.order_id, "customer_id": shipment.customer_id,
        "tracking_number": shipment.tracking_number, "address_name": address.name,
        "address_line1": address.line1, "address_line2": address.line2, "address_city": address.city,
        "address_postcode": address.postcode, "address_country": address.country,
        "items": [{"album_id": item.album_id, "quantity": item.quantity} for item in shipment.items],
        "created_at": shipment.created_at, **_changes(shipment),
    }


def _shipment(row) -> Shipment:
    address = Address(name=row.address_name, line1=row.address_line1, line2=row.address_line2,
                      city=row.address_city, postcode=row.address_postcode, country=row.address_country)
    return Shipment(order_id=row.order_id, customer_id=row.customer_id, address=address,
                    items=tuple(Item(**item) for item in row.items), tracking_number=row.tracking_number,
                    created_at=_aware(row.created_at), status=Status(row.status),
                    dispatched_at=_aware(row.dispatched_at), cancelled_at=_aware(row.cancelled_at),
                    version=row.version)


class SqlShipmentRepository(AbstractShipmentRepository):
    def __init__(self, connection: AsyncConnection) -> None:
        super().__init__()
        self._connection = connection

    async def _get(self, order_id: str) -> Shipment | None:
        if not is_identifier(order_id):  # names no order; and never sends stray bytes to the database
            return None
        return await self._one(shipments.c.order_id == order_id)

    async def _with_tracking_number(self, tracking_number: str) -> Shipment | None:
        if not is_tracking_number(tracking_number):
            return None
        return await self._one(shipments.c.tracking_number == tracking_number)

    async def _one(self, condition) -> Shipment | None:
        row = (await self._connection.execute(select(shipments).where(condition))).first()
        return None if row is None else _shipment(row)

    async def store(self, shipment: Shipment) -> None:
        if shipment.version == 0:
            await self._insert(shipment)
            return
        # Optimistic concurrency: of two changes made from the same reading, the second finds no row.
        updated = await self._connection.execute(
            shipments.update()
            .where(shipments.c.order_id == shipment.order_id, shipments.c.version == shipment.version)
            .values(_changes(shipment)))
        if updated.rowcount != 1:
            raise ConcurrentChange(shipment.order_id)

    async def _insert(self, shipment: Shipment) -> None:
        try:
            await self._connection.execute(shipments.insert().values(_row(shipment)))
        except IntegrityError as exc:
            # The database has the last word on both keys; its message names the one that clashed.
            if "tracking_number" in str(exc.orig):
                raise TrackingNumberTaken(shipment.tracking_number) from None
            raise ShipmentExists(shipment.order_id) from None
