"""The outbox relay: publish committed outbox rows to the broker, in order per aggregate.

One round reads up to ``batch_size`` unpublished rows in ``seq`` order, groups
them by aggregate (the event's ``subject``), publishes the groups concurrently
and each group's rows one after another — in waves: the first row of every
aggregate, pipelined, then their acks, then the second rows, ... — and marks
every acknowledged row published in one UPDATE. A failed row ends its aggregate's chain for the round
and puts the aggregate on a capped exponential backoff; its later rows wait
behind it, so a failure can delay an aggregate's events but never reorder them.
Rows acknowledged but not yet marked (a crash, a cancelled round) are re-sent
with the same ``Nats-Msg-Id``: JetStream drops the copy, the inbox absorbs it
after the duplicate window.

On PostgreSQL the round holds a transaction-scoped advisory lock, so the
instances of a service take turns instead of all publishing every row.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import zlib
from collections import deque
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple

import orjson
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from musiccorp.chassis.events._backoff import Backoff, Cooldowns
from musiccorp.chassis.events._envelope import wire_headers
from musiccorp.chassis.events._metrics import OUTBOX_OLDEST, OUTBOX_PENDING, PUBLISH_FAILURES, PUBLISHED
from musiccorp.chassis.events._outbox import OUTBOX
from musiccorp.chassis.events._publisher import OutgoingMessage, Publisher
from musiccorp.chassis.logs import get_logger

__all__ = ["OutboxRelay", "RoundResult", "by_aggregate"]

log = get_logger(__name__)

_LOCK_KEY = zlib.crc32(b"musiccorp.outbox.relay")
# After the n-th failed publish of an aggregate: 0.2 s, 0.4 s, ... at most 10 s.
PUBLISH_BACKOFF = Backoff(initial=0.2, maximum=10.0)
_MAX_EXCLUDED = 100  # aggregates on backoff left out by the query itself; any others are skipped here


class _Row(NamedTuple):
    seq: int
    id: str
    subject: str
    type: str
    body: str


class RoundResult(NamedTuple):
    read: int
    published: int
    failed: int


def by_aggregate(rows: Sequence[Any]) -> dict[str, list[Any]]:
    """Group rows by aggregate (``row.subject``), keeping each group in the order given.

    >>> from types import SimpleNamespace as Row
    >>> groups = by_aggregate([Row(seq=1, subject="a"), Row(seq=2, subject="b"), Row(seq=3, subject="a")])
    >>> {aggregate: [row.seq for row in rows] for aggregate, rows in groups.items()}
    {'a': [1, 3], 'b': [2]}
    """
    groups: dict[str, list[Any]] = {}
    for row in rows:
        groups.setdefault(row.subject, []).append(row)
    return groups


def _headers(row: _Row) -> dict[str, str]:
    envelope = orjson.loads(row.body)
    return wire_headers(row.id, correlation_id=envelope.get("correlationid"),
                        traceparent=envelope.get("traceparent"))


class OutboxRelay:
    """Publishes a service's outbox; woken by :meth:`notify` and every ``poll_interval`` seconds.

    >>> relay = OutboxRelay(engine, JetStreamPublisher(nc.jetstream()))  # doctest: +SKIP
    >>> relay.start()  # doctest: +SKIP
    >>> relay.notify()  # after committing a transaction that recorded events  # doctest: +SKIP
    >>> await relay.stop()  # doctest: +SKIP
    """

    def __init__(self, engine: AsyncEngine, publisher: Publisher, *, batch_size: int = 500,
                 poll_interval: float = 1.0, backoff: Backoff = PUBLISH_BACKOFF,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._engine = engine
        self._publisher = publisher
        self._batch_size = batch_size
        self._poll_interval = poll_interval
        self._backoff = backoff
        self._cooldowns = Cooldowns(backoff, clock=clock)
        self._exclusive = engine.dialect.name == "postgresql"
        self._wake = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def notify(self) -> None:
        """Run a round now: events were just committed."""
        self._wake.set()

    def start(self) -> None:
        self._stopping = False
        self._task = asyncio.create_task(self.run(), name="outbox-relay")

    async def stop(self, *, grace: float = 5.0) -> None:
        """Let the round in progress finish (up to ``grace`` s), else abandon it: its rows stay pending."""
        if self._task is None:
            return
        self._stopping = True
        self._wake.set()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(self._task), grace)
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None

    async def run(self) -> None:
        errors = 0
        while not self._stopping:
            self._wake.clear()
            try:
                result = await self.run_once()
                errors = 0
            except Exception:  # noqa: BLE001 - the database or the broker will be back; so will we
                errors += 1
                log.exception("outbox relay round failed")
                await self._sleep(self._backoff.delay(errors))
                continue
            if result.read == self._batch_size and result.published:
                continue  # more may be waiting: no pause while draining a backlog
            due = self._cooldowns.next_due_in()
            await self._sleep(self._poll_interval if due is None else min(self._poll_interval, due))

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), seconds)

    async def run_once(self) -> RoundResult:
        """Publish one batch of unpublished rows and mark what the broker acknowledged."""
        if self._exclusive:
            async with self._engine.begin() as connection:
                if not (await connection.execute(sa.select(sa.func.pg_try_advisory_xact_lock(_LOCK_KEY)))).scalar():
                    return RoundResult(0, 0, 0)
                rows = await self._read(connection)
                acked, failed = await self._publish(rows)
                await self._mark(connection, acked)
        else:
            # SQLite: never hold a transaction while waiting on the broker; it would block the service's writes.
            async with self._engine.connect() as connection:
                rows = await self._read(connection)
            acked, failed = await self._publish(rows)
            if acked:
                async with self._engine.begin() as connection:
                    await self._mark(connection, acked)
        await self._measure(nothing_left=not rows and not self._cooldowns.cooling())
        return RoundResult(len(rows), len(acked), failed)

    async def _read(self, connection: AsyncConnection) -> list[_Row]:
        cooling = self._cooldowns.cooling()
        query = (sa.select(OUTBOX.c.seq, OUTBOX.c.id, OUTBOX.c.subject, OUTBOX.c.type, OUTBOX.c.body)
                 .where(OUTBOX.c.published_at.is_(None)).order_by(OUTBOX.c.seq).limit(self._batch_size))
        if cooling:
            query = query.where(OUTBOX.c.subject.not_in(sorted(cooling)[:_MAX_EXCLUDED]))
        rows = [_Row(*row) for row in await connection.execute(query)]
        return [row for row in rows if row.subject not in cooling] if cooling else rows

    async def _publish(self, rows: list[_Row]) -> tuple[list[int], int]:
        """Publish in waves: each wave sends the next row of every aggregate at once, then awaits their acks.

        An aggregate whose row failed drops out of the round, so its later rows are never sent ahead of it.
        """
        chains = [deque(chain) for chain in by_aggregate(rows).values()]
        acked: list[int] = []
        failed = 0
        while chains:
            wave = [chain[0] for chain in chains]
            errors = await self._publisher.publish_all(
                [OutgoingMessage(row.type, row.body.encode(), _headers(row)) for row in wave])
            alive = []
            for chain, row, error in zip(chains, wave, errors, strict=True):
                if error is not None:
                    failed += 1
                    self._failed(row, error)
                    continue
                acked.append(chain.popleft().seq)
                if chain:
                    alive.append(chain)
                else:
                    self._cooldowns.succeeded(row.subject)
            chains = alive
        return acked, failed

    def _failed(self, row: _Row, error: BaseException) -> None:
        PUBLISH_FAILURES.inc()
        delay = self._cooldowns.failed(row.subject)
        log.warning("outbox publish failed; aggregate backs off", event_id=row.id, type=row.type,
                    aggregate=row.subject, retry_in=round(delay, 2), error=repr(error))

    async def _mark(self, connection: AsyncConnection, acked: list[int]) -> None:
        if not acked:
            return
        await connection.execute(OUTBOX.update().where(OUTBOX.c.seq.in_(acked))
                                 .values(published_at=datetime.now(UTC)))
        PUBLISHED.inc(len(acked))

    async def _measure(self, *, nothing_left: bool) -> None:
        if nothing_left:
            OUTBOX_PENDING.set(0)
            OUTBOX_OLDEST.set(0)
            return
        async with self._engine.connect() as connection:
            pending, oldest = (await connection.execute(
                sa.select(sa.func.count(), sa.func.min(OUTBOX.c.created_at))
                .where(OUTBOX.c.published_at.is_(None)))).one()
        OUTBOX_PENDING.set(pending)
        OUTBOX_OLDEST.set(_age(oldest))


def _age(moment: datetime | None) -> float:
    if moment is None:
        return 0.0
    if moment.tzinfo is None:  # SQLite hands back naive datetimes; they were written in UTC
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (datetime.now(UTC) - moment).total_seconds())
