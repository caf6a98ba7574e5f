"""The sagas' progress, leases and step log in the orders' database.

Every change of a lease is one conditional UPDATE — compare-and-set on the
row — so the database, not the runners, decides who holds a saga, on SQLite
(one writer at a time) and on PostgreSQL (the row lock, the condition
re-checked after it) alike.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import and_, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from musiccorp.orders.adapters.repository import utc
from musiccorp.orders.adapters.tables import saga_log, sagas
from musiccorp.orders.domain.errors import LeaseLost
from musiccorp.orders.domain.saga import Phase, Saga
from musiccorp.orders.service_layer.ports import Lease, LogEntry, SagaRepository


def _ms(seconds: float | None) -> int | None:
    return None if seconds is None else round(seconds * 1000)


def _free_by(now_ms: int, inherits: str | None):
    """No lease, one that expired before ``now_ms``, or one an earlier life of this process (``inherits…``) held."""
    free = or_(sagas.c.lease_expires_ms.is_(None), sagas.c.lease_expires_ms < now_ms)
    if inherits:
        free = or_(free, sagas.c.lease_owner.startswith(inherits, autoescape=True))
    return free


class SqlSagaRepository(SagaRepository):
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, saga: Saga, *, lease: Lease | None, due_at: float) -> None:
        await self._connection.execute(insert(sagas).values(
            order_id=saga.order_id, phase=saga.phase.value, action=saga.action, attempts=saga.attempts,
            reason=saga.reason, correlation_id=saga.correlation_id, next_attempt_ms=_ms(due_at),
            lease_owner=lease.owner if lease else None, lease_expires_ms=_ms(lease.expires_at) if lease else None,
            updated_at=datetime.now(UTC)))

    async def get(self, order_id: str) -> Saga | None:
        row = (await self._connection.execute(select(sagas).where(sagas.c.order_id == order_id))).first()
        if row is None:
            return None
        return Saga(order_id=row.order_id, phase=Phase(row.phase), action=row.action, attempts=row.attempts,
                    reason=row.reason, correlation_id=row.correlation_id)

    async def claim(self, order_id: str, lease: Lease, *, now: float, inherits: str | None = None) -> bool:
        claimed = await self._connection.execute(
            update(sagas)
            .where(sagas.c.order_id == order_id, sagas.c.next_attempt_ms.is_not(None),
                   or_(_free_by(_ms(now), inherits), sagas.c.lease_owner == lease.owner))
            .values(lease_owner=lease.owner, lease_expires_ms=_ms(lease.expires_at)))
        return claimed.rowcount == 1

    async def record(self, saga: Saga, entry: LogEntry, *, lease: Lease, due_at: float | None) -> None:
        held = None if saga.done else lease
        recorded = await self._connection.execute(
            update(sagas).where(sagas.c.order_id == saga.order_id, sagas.c.lease_owner == lease.owner).values(
                phase=saga.phase.value, action=saga.action, attempts=saga.attempts, reason=saga.reason,
                next_attempt_ms=_ms(due_at), lease_owner=held.owner if held else None,
                lease_expires_ms=_ms(held.expires_at) if held else None, updated_at=entry.at))
        if recorded.rowcount != 1:
            raise LeaseLost(saga.order_id)
        await self._connection.execute(insert(saga_log).values(
            order_id=saga.order_id, action=entry.action, outcome=entry.outcome, detail=entry.detail, at=entry.at))

    async def renew(self, order_ids: list[str], lease: Lease) -> None:
        for start in range(0, len(order_ids), 500):  # a bounded IN list, whatever the number driven
            await self._connection.execute(
                update(sagas)
                .where(sagas.c.order_id.in_(order_ids[start:start + 500]), sagas.c.lease_owner == lease.owner)
                .values(lease_expires_ms=_ms(lease.expires_at)))

    async def release(self, order_id: str, owner: str) -> None:
        await self._connection.execute(
            update(sagas).where(sagas.c.order_id == order_id, sagas.c.lease_owner == owner)
            .values(lease_owner=None, lease_expires_ms=None))

    async def due(self, *, now: float, limit: int, inherits: str | None = None) -> list[str]:
        now_ms = _ms(now)
        rows = await self._connection.execute(
            select(sagas.c.order_id)
            .where(and_(sagas.c.next_attempt_ms <= now_ms, _free_by(now_ms, inherits)))
            .order_by(sagas.c.next_attempt_ms).limit(limit))
        return [row.order_id for row in rows]

    async def log(self, order_id: str) -> list[LogEntry]:
        rows = await self._connection.execute(
            select(saga_log).where(saga_log.c.order_id == order_id).order_by(saga_log.c.seq))
        return [LogEntry(action=row.action, outcome=row.outcome, detail=row.detail, at=utc(row.at)) for row in rows]
