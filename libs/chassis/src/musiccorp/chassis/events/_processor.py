"""Taking one delivered message: inbox check, handler, inbox row, in one transaction — or retry, or dead letter.

This is the whole consuming logic; :class:`~musiccorp.chassis.events._consumer.EventConsumer`
only fetches messages and hands each to :meth:`DeliveryProcessor.process`. A
:class:`Delivery` is the port over a broker message, so tests drive the
processor with a fake delivery and an :class:`InMemoryPublisher` for dead letters.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from musiccorp.chassis.correlation import correlation_scope, new_correlation_id
from musiccorp.chassis.events._backoff import Backoff
from musiccorp.chassis.events._envelope import CONTENT_TYPE, Envelope, MalformedEnvelope
from musiccorp.chassis.events._metrics import CONSUMED, HANDLER_DURATION
from musiccorp.chassis.events._naming import consumer_name, dead_letter_subject
from musiccorp.chassis.events._publisher import Publisher
from musiccorp.chassis.events._tables import inbox_table
from musiccorp.chassis.events._tracing import trace_scope
from musiccorp.chassis.logs import get_logger

__all__ = ["Delivery", "DeliveryProcessor", "Handler", "Outcome", "Subscription"]

log = get_logger(__name__)

INBOX = inbox_table(sa.MetaData())

# The delay of the n-th redelivery of a failed event: 1 s, 2 s, 4 s, ... at most a minute.
REDELIVERY_BACKOFF = Backoff(initial=1.0, maximum=60.0)

Handler = Callable[[Envelope, AsyncConnection], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Subscription:
    """React to ``event_type`` with ``handler``; after ``max_attempts`` failed deliveries, dead-letter it.

    The handler runs inside a transaction of the service's database and must do
    its writes on the ``connection`` it is given: they commit together with the
    inbox row that makes a redelivery a no-op.

    >>> async def award_welcome_points(envelope: Envelope, connection: AsyncConnection) -> None:
    ...     await connection.execute(accounts.insert().values(customer_id=envelope.data["customer_id"]))
    >>> Subscription("customers.customer.registered.v1", award_welcome_points)  # doctest: +SKIP
    """

    event_type: str
    handler: Handler
    max_attempts: int = 5


class Outcome(enum.StrEnum):
    HANDLED = "handled"
    DUPLICATE = "duplicate"
    RETRIED = "retried"
    DEAD_LETTERED = "dead_lettered"


class Delivery(Protocol):
    """One delivery of a broker message."""

    @property
    def body(self) -> bytes: ...
    @property
    def subject(self) -> str: ...
    @property
    def attempt(self) -> int:
        """1 on the first delivery, 2 on the first redelivery, ..."""
    @property
    def sequence(self) -> int:
        """The message's sequence in its stream."""
    async def ack(self) -> None: ...
    async def nak(self, delay: float) -> None: ...


class _AlreadyHandled(Exception):
    """The inbox has this event for this consumer: roll back, acknowledge, move on."""


class DeliveryProcessor:
    """Runs one subscription's handler at most once per event, in the consumer's own transaction."""

    def __init__(self, subscription: Subscription, *, service: str, engine: AsyncEngine,
                 dead_letters: Publisher, retry: Backoff = REDELIVERY_BACKOFF) -> None:
        self.subscription = subscription
        self.service = service
        self.consumer = consumer_name(service, subscription.event_type)
        self._engine = engine
        self._dead_letters = dead_letters
        self._retry = retry

    async def process(self, delivery: Delivery) -> Outcome:
        try:
            envelope = Envelope.from_bytes(delivery.body)
        except MalformedEnvelope as exc:
            return await self._dead_letter(delivery, event_id=None, error=f"malformed envelope: {exc}")
        with correlation_scope(envelope.correlation_id or new_correlation_id()), trace_scope(envelope.traceparent):
            started = time.perf_counter()
            try:
                outcome = await self._handle_once(envelope)
            except Exception as exc:  # noqa: BLE001 - any handler failure is retried, then dead-lettered
                HANDLER_DURATION.labels(self.consumer).observe(time.perf_counter() - started)
                return await self._failed(delivery, envelope, exc)
            HANDLER_DURATION.labels(self.consumer).observe(time.perf_counter() - started)
            await delivery.ack()
            log.info("event handled" if outcome is Outcome.HANDLED else "event already handled; skipped",
                     event_id=envelope.id, type=envelope.type, subscription=self.consumer, attempt=delivery.attempt)
            return self._count(outcome)

    async def _handle_once(self, envelope: Envelope) -> Outcome:
        key = (INBOX.c.event_id == envelope.id) & (INBOX.c.consumer == self.consumer)
        try:
            async with self._engine.begin() as connection:
                if (await connection.execute(sa.select(sa.literal(1)).where(key))).first() is not None:
                    raise _AlreadyHandled
                await self.subscription.handler(envelope, connection)
                # The inbox row goes in last, so the write lock is taken by the handler's writes, not before.
                try:
                    await connection.execute(INBOX.insert().values(
                        event_id=envelope.id, consumer=self.consumer, handled_at=datetime.now(UTC)))
                except IntegrityError:
                    raise _AlreadyHandled from None  # a concurrent delivery of the same event won the race
        except _AlreadyHandled:
            return Outcome.DUPLICATE
        return Outcome.HANDLED

    async def _failed(self, delivery: Delivery, envelope: Envelope, exc: Exception) -> Outcome:
        error = _one_line(exc)
        if delivery.attempt < self.subscription.max_attempts:
            delay = self._retry.delay(delivery.attempt)
            await delivery.nak(delay)
            log.warning("event handler failed; will retry", event_id=envelope.id, type=envelope.type,
                        subscription=self.consumer, attempt=delivery.attempt, retry_in=delay, error=error)
            return self._count(Outcome.RETRIED)
        return await self._dead_letter(delivery, event_id=envelope.id, error=error)

    async def _dead_letter(self, delivery: Delivery, *, event_id: str | None, error: str) -> Outcome:
        headers = {
            "Musiccorp-Original-Subject": delivery.subject,
            "Musiccorp-Consumer": self.consumer,
            "Musiccorp-Error": error,
            "Musiccorp-Attempts": str(delivery.attempt),
            "Musiccorp-Failed-At": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
            # Unique per original message: a redelivery after a crash here cannot file it twice.
            "Nats-Msg-Id": f"{event_id or 'malformed'}:dead:{self.consumer}:{delivery.sequence}",
            "Content-Type": CONTENT_TYPE,
        }
        try:
            await self._dead_letters.publish(dead_letter_subject(self.service, delivery.subject),
                                             delivery.body, headers)
        except Exception as exc:  # noqa: BLE001 - keep the message; it comes back and is dead-lettered then
            delay = self._retry.delay(delivery.attempt)
            await delivery.nak(delay)
            log.error("could not dead-letter an event; will retry", event_id=event_id, subscription=self.consumer,
                      retry_in=delay, error=_one_line(exc))
            return self._count(Outcome.RETRIED)
        await delivery.ack()
        log.error("event dead-lettered", event_id=event_id, subscription=self.consumer,
                  attempts=delivery.attempt, error=error)
        return self._count(Outcome.DEAD_LETTERED)

    def _count(self, outcome: Outcome) -> Outcome:
        CONSUMED.labels(self.consumer, outcome.value).inc()
        return outcome


def _one_line(exc: BaseException, limit: int = 300) -> str:
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
