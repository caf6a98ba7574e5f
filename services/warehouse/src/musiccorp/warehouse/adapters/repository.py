"""Reservations and stock in the warehouse's own SQL database (SQLite or PostgreSQL), through SQLAlchemy Core.

The repositories work on the connection of their unit of work, so everything
they write commits or rolls back with that unit.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from musiccorp.warehouse.adapters.tables import reservation_lines, reservations, stock
from musiccorp.warehouse.domain.destinations import Zone
from musiccorp.warehouse.domain.errors import ConcurrentChange, InsufficientStock
from musiccorp.warehouse.domain.lines import Line, is_id
from musiccorp.warehouse.domain.model import Reservation, Status
from musiccorp.warehouse.domain.stock import StockChange, StockLevel
from musiccorp.warehouse.service_layer.ports import (
    AbstractReservationRepository,
    AbstractStockRepository,
    ReservationExists,
)


def utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were written in UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class SqlReservationRepository(AbstractReservationRepository):
    def __init__(self, connection: AsyncConnection) -> None:
        super().__init__()
        self._connection = connection

    async def _get(self, order_id: str) -> Reservation | None:
        if not is_id(order_id):  # names no order; and never sends stray bytes to the database
            return None
        row = (await self._connection.execute(
            sa.select(reservations).where(reservations.c.order_id == order_id))).first()
        if row is None:
            return None
        lines = await self._connection.execute(
            sa.select(reservation_lines.c.album_id, reservation_lines.c.quantity)
            .where(reservation_lines.c.order_id == order_id).order_by(reservation_lines.c.album_id))
        return Reservation(order_id=row.order_id, ship_to_country=row.ship_to_country, zone=Zone(row.zone),
                           lines=tuple(Line(album_id, quantity) for album_id, quantity in lines),
                           expires_at=utc(row.expires_at), status=Status(row.status), version=row.version)

    async def due(self, now: datetime, *, limit: int) -> list[str]:
        query = (sa.select(reservations.c.order_id)
                 .where(reservations.c.status == Status.HELD.value, reservations.c.expires_at <= now.astimezone(UTC))
                 .order_by(reservations.c.expires_at).limit(limit))
        return list(await self._connection.scalars(query))

    async def store(self, reservation: Reservation) -> None:
        now = datetime.now(UTC)
        if reservation.version == 0:
            await self._insert(reservation, now)
            return
        # Optimistic concurrency: of two changes made from the same reading, the second finds no row.
        updated = await self._connection.execute(
            reservations.update()
            .where(reservations.c.order_id == reservation.order_id, reservations.c.version == reservation.version)
            .values(status=reservation.status.value, updated_at=now, version=reservation.version + 1))
        if updated.rowcount != 1:
            raise ConcurrentChange(reservation.order_id)

    async def _insert(self, reservation: Reservation, now: datetime) -> None:
        try:
            await self._connection.execute(reservations.insert().values(
                order_id=reservation.order_id, ship_to_country=reservation.ship_to_country,
                zone=reservation.zone.value, status=reservation.status.value,
                expires_at=reservation.expires_at.astimezone(UTC), created_at=now, updated_at=now, version=1))
        except IntegrityError:
            raise ReservationExists(reservation.order_id) from None
        await self._connection.execute(reservation_lines.insert(), [
            {"order_id": reservation.order_id, "album_id": line.album_id, "quantity": line.quantity}
            for line in reservation.lines])


class SqlStockRepository(AbstractStockRepository):
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def get(self, album_id: str) -> StockLevel | None:
        if not is_id(album_id):
            return None
        row = (await self._connection.execute(
            sa.select(stock.c.on_hand, stock.c.reserved).where(stock.c.album_id == album_id))).first()
        return StockLevel(album_id, on_hand=row.on_hand, reserved=row.reserved) if row is not None else None

    async def apply(self, change: StockChange) -> None:
        # One conditional UPDATE, not read-then-write: the database checks availability and changes the
        # counters atomically, so of two holds racing for the last unit exactly one finds its row.
        statement = (stock.update().where(stock.c.album_id == change.album_id)
                     .values(reserved=stock.c.reserved + change.reserved, on_hand=stock.c.on_hand + change.on_hand))
        if change.reserved > 0:
            statement = statement.where(stock.c.on_hand - stock.c.reserved >= change.reserved)
        if (await self._connection.execute(statement)).rowcount == 1:
            return
        if change.reserved > 0:
            level = await self.get(change.album_id)
            raise InsufficientStock(change.album_id, requested=change.reserved,
                                    available=level.available if level is not None else 0)
        raise LookupError(f"no stock row for album {change.album_id!r} to return units to")
