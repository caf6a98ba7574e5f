"""Points accounts and their ledger in the loyalty database, on a connection the caller's transaction owns."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from musiccorp.loyalty.adapters.tables import accounts, entries, refunds
from musiccorp.loyalty.domain.model import RECENT_ENTRIES, Entry, EntryKind, PointsAccount
from musiccorp.loyalty.service_layer.ports import AbstractAccountReader, AbstractAccountRepository


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything stored here is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _entry(row) -> Entry:
    return Entry(customer_id=row.customer_id, kind=EntryKind(row.kind), points=row.points, at=_aware(row.at),
                 order_id=row.order_id)


class SqlAccountRepository(AbstractAccountRepository):
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def get(self, customer_id: str) -> PointsAccount | None:
        row = (await self._connection.execute(
            select(accounts).where(accounts.c.customer_id == customer_id))).first()
        if row is None:
            return None
        recent = await self._connection.execute(
            select(entries).where(entries.c.customer_id == customer_id)
            .order_by(entries.c.seq.desc()).limit(RECENT_ENTRIES))
        return PointsAccount(customer_id=row.customer_id, points=row.points, opened_at=_aware(row.opened_at),
                             entries=tuple(_entry(entry) for entry in recent))

    async def add(self, account: PointsAccount) -> None:
        await self._connection.execute(accounts.insert().values(
            customer_id=account.customer_id, points=0, opened_at=account.opened_at))
        for entry in reversed(account.entries):  # oldest first, as they happened
            await self.record(entry)

    async def record(self, entry: Entry) -> None:
        await self._connection.execute(entries.insert().values(
            customer_id=entry.customer_id, kind=entry.kind.value, points=entry.points, order_id=entry.order_id,
            at=entry.at))
        # Relative, so two entries committed concurrently both count (no lost update).
        await self._connection.execute(accounts.update().where(accounts.c.customer_id == entry.customer_id)
                                       .values(points=accounts.c.points + entry.points))

    async def order_entry(self, order_id: str, kind: EntryKind) -> Entry | None:
        row = (await self._connection.execute(
            select(entries).where(entries.c.order_id == order_id, entries.c.kind == kind.value))).first()
        return None if row is None else _entry(row)

    async def refunded_at(self, order_id: str) -> datetime | None:
        moment = await self._connection.scalar(select(refunds.c.refunded_at).where(refunds.c.order_id == order_id))
        return None if moment is None else _aware(moment)

    async def note_refund(self, order_id: str, *, at: datetime) -> None:
        await self._connection.execute(refunds.insert().values(order_id=order_id, refunded_at=at))


class SqlAccountReader(AbstractAccountReader):
    """Reads for the API, each on a short connection of its own; accounts change only through events."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def get(self, customer_id: str) -> PointsAccount | None:
        async with self._engine.connect() as connection:
            return await SqlAccountRepository(connection).get(customer_id)
