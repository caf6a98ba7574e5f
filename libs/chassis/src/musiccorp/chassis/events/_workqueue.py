"""Work queues: jobs that several workers share, each job done by one of them (competing consumers, 11.7).

An *event* is announced: every subscribing context gets its own copy. A *job*
is assigned: it goes to exactly one of the workers pulling from its queue and
leaves the queue when that worker acknowledges it. Workers are added to go
faster and removed — or killed — without losing a job: one not acknowledged
within ``ack_wait`` is delivered to another worker.

On the broker a queue is a JetStream stream with work-queue retention; all of
its workers bind to one durable pull consumer and take one job at a time.
Everything else is the event backbone's (ADR 0005): a job is an outbox row
written in the transaction that decided the work and published by the outbox
relay, and it is taken like an event — handler and inbox row in one
transaction, retried with backoff, dead-lettered after ``max_deliver`` failed
attempts — so a job is recorded at least once and its effects happen once.

One naming rule: a queue's subject is ``work.<context>.<queue>`` and its stream
``<CONTEXT>_<QUEUE>``. The ``work.`` prefix keeps jobs out of the event streams,
which take all of ``<context>.>`` each (JetStream refuses overlapping streams).

>>> PICKS = WorkQueue("work.warehouse.picks", ack_wait=30.0)
>>> PICKS.stream
'WAREHOUSE_PICKS'
>>> async with engine.begin() as connection:  # doctest: +SKIP
...     await connection.execute(...)  # the state change that calls for the work
...     await record_job(connection, PICKS, key=order_id, data={"order_id": order_id}, source=runtime.source)
>>> pool = WorkerPool(PICKS, lambda worker: pick, size=2, nats_url=url, service="warehouse", engine=engine)
>>> await pool.start()  # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from nats.aio.client import Client as NATS
from nats.js import JetStreamContext
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from musiccorp.chassis.events._connection import connect_nats
from musiccorp.chassis.events._consumer import EventConsumer
from musiccorp.chassis.events._envelope import Event
from musiccorp.chassis.events._naming import work_queue_stream_name
from musiccorp.chassis.events._outbox import record_event
from musiccorp.chassis.events._processor import DeliveryProcessor, Handler, Subscription
from musiccorp.chassis.events._publisher import JetStreamPublisher
from musiccorp.chassis.events._streams import ensure_stream, work_queue_stream_config

__all__ = ["WorkQueue", "WorkerPool", "ensure_work_queue", "record_job", "worker"]


@dataclass(frozen=True, slots=True)
class WorkQueue:
    """A queue of jobs on ``subject``.

    ``ack_wait``: seconds a worker may hold a job before the broker gives it to
    another — longer than the slowest honest job, short enough that a dead
    worker's job is not kept waiting. ``max_deliver``: the delivery from which
    a job that fails goes to the dead-letter stream instead of being retried
    (a job whose worker died is simply delivered again, never dead-lettered
    for that alone; the broker itself never gives up on a job).
    """

    subject: str
    ack_wait: float = 30.0
    max_deliver: int = 5

    def __post_init__(self) -> None:
        work_queue_stream_name(self.subject)
        if self.ack_wait <= 0:
            raise ValueError(f"ack_wait must be positive, not {self.ack_wait}")
        if self.max_deliver < 1:
            raise ValueError(f"max_deliver must be at least 1, not {self.max_deliver}")

    @property
    def stream(self) -> str:
        return work_queue_stream_name(self.subject)


async def ensure_work_queue(js: JetStreamContext, queue: WorkQueue) -> None:
    """Create the queue's stream, or bring an existing one to its configuration."""
    await ensure_stream(js, work_queue_stream_config(queue.subject))


async def record_job(connection: AsyncConnection, queue: WorkQueue, *, key: str, data: Mapping[str, Any],
                     source: str) -> Event:
    """Put a job on ``queue`` through the outbox, inside the transaction the caller commits.

    ``key`` names what the job is about (an order id, say): the relay keeps the
    jobs and events of one key in order. The job travels in the same envelope
    as an event, so correlation and trace ids follow the work to its worker.
    """
    job = Event(type=queue.subject, subject=key, data=data)
    await record_event(connection, job, source=source)
    return job


def worker(js: JetStreamContext, queue: WorkQueue, handler: Handler, *, service: str, engine: AsyncEngine,
           fetch_timeout: float = 1.0) -> EventConsumer:
    """One competing worker: it takes one job at a time from the queue's durable consumer.

    Every worker of a service binds to the same durable consumer (named, like
    an event subscription's, after the service and the subject), so the broker
    hands each job to one of them. Taking one at a time means an idle worker is
    never starved by a busy one that grabbed a batch. ``handler`` runs as an
    event handler does: its writes commit with the inbox row that makes a
    redelivered job a no-op.
    """
    processor = DeliveryProcessor(Subscription(queue.subject, handler, max_attempts=queue.max_deliver),
                                  service=service, engine=engine, dead_letters=JetStreamPublisher(js))
    return EventConsumer(js, processor, batch=1, fetch_timeout=fetch_timeout, ack_wait=queue.ack_wait)


class WorkerPool:
    """``size`` workers of one queue in this process, on a NATS connection of their own.

    ``handler_for(name)`` gives the handler of the worker called ``name``
    (``"<prefix>-1"``, ``"<prefix>-2"``, ...), so a handler can say who did the work.
    Register :meth:`check` as a readiness check; :meth:`stop` lets each worker
    finish (or hand back) the job it holds.
    """

    def __init__(self, queue: WorkQueue, handler_for: Callable[[str], Handler], *, size: int, nats_url: str,
                 service: str, engine: AsyncEngine, prefix: str = "worker", fetch_timeout: float = 1.0) -> None:
        if size < 1:
            raise ValueError(f"a worker pool needs at least one worker, not {size}")
        self.queue = queue
        self.names = [f"{prefix}-{number}" for number in range(1, size + 1)]
        self._handler_for = handler_for
        self._nats_url = nats_url
        self._service = service
        self._engine = engine
        self._fetch_timeout = fetch_timeout
        self._nc: NATS | None = None
        self._workers: list[EventConsumer] = []

    async def start(self) -> None:
        self._nc = await connect_nats(self._nats_url, name=f"musiccorp-{self._service}-{self.queue.stream.lower()}")
        js = self._nc.jetstream()
        try:
            await ensure_work_queue(js, self.queue)
            for name in self.names:
                consumer = worker(js, self.queue, self._handler_for(name), service=self._service,
                                  engine=self._engine, fetch_timeout=self._fetch_timeout)
                await consumer.start()
                self._workers.append(consumer)
        except BaseException:
            await self.stop()
            raise

    async def check(self) -> None:
        """Readiness: every worker is running."""
        if len(self._workers) < len(self.names):
            raise RuntimeError(f"{self.queue.stream} workers not started")
        stopped = [name for name, consumer in zip(self.names, self._workers, strict=True) if not consumer.running]
        if stopped:
            raise RuntimeError(f"{self.queue.stream} workers not running: {', '.join(stopped)}")

    async def stop(self) -> None:
        await asyncio.gather(*(consumer.stop() for consumer in self._workers))
        self._workers.clear()
        if self._nc is not None:
            await self._nc.close()
            self._nc = None
