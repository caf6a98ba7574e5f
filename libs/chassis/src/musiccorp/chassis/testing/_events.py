"""Test support for the event backbone: read the outbox and inbox, fake a broker delivery."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from musiccorp.chassis.events import Envelope, Event, inbox_table, outbox_table

__all__ = ["FakeDelivery", "OutboxRow", "create_event_tables", "inbox_rows", "outbox_rows"]

_METADATA = sa.MetaData()
_OUTBOX = outbox_table(_METADATA)
_INBOX = inbox_table(_METADATA)


@dataclass(frozen=True, slots=True)
class OutboxRow:
    seq: int
    id: str
    subject: str
    type: str
    body: str
    created_at: datetime
    published_at: datetime | None

    @property
    def envelope(self) -> Envelope:
        return Envelope.from_bytes(self.body)


async def create_event_tables(engine: AsyncEngine) -> None:
    """Create ``outbox`` and ``inbox`` without migrations (tests of the chassis itself)."""
    async with engine.begin() as connection:
        await connection.run_sync(_METADATA.create_all)


async def outbox_rows(engine: AsyncEngine) -> list[OutboxRow]:
    """Every outbox row, in ``seq`` order.

    >>> [row.type for row in await outbox_rows(runtime.database.engine)]  # doctest: +SKIP
    ['customers.customer.registered.v1']
    """
    async with engine.connect() as connection:
        rows = await connection.execute(sa.select(_OUTBOX).order_by(_OUTBOX.c.seq))
        return [OutboxRow(**row._mapping) for row in rows]


async def inbox_rows(engine: AsyncEngine) -> list[tuple[str, str]]:
    """Every ``(event_id, consumer)`` in the inbox."""
    async with engine.connect() as connection:
        rows = await connection.execute(sa.select(_INBOX.c.event_id, _INBOX.c.consumer))
        return [tuple(row) for row in rows]


@dataclass
class FakeDelivery:
    """A broker message for driving :class:`~musiccorp.chassis.events.DeliveryProcessor` without NATS.

    >>> delivery = FakeDelivery.of(Event(type="customers.customer.registered.v1", subject="7", data={}))
    >>> delivery.attempt
    1
    """

    body: bytes
    subject: str
    attempt: int = 1
    sequence: int = 1
    acked: bool = False
    naks: list[float] = field(default_factory=list)

    @classmethod
    def of(cls, event: Event, *, source: str = "/musiccorp/test", attempt: int = 1) -> FakeDelivery:
        return cls(body=Envelope.of(event, source=source).to_bytes(), subject=event.type, attempt=attempt)

    async def ack(self) -> None:
        self.acked = True

    async def nak(self, delay: float) -> None:
        self.naks.append(delay)

    def redelivered(self) -> FakeDelivery:
        """The next delivery of the same message."""
        return FakeDelivery(body=self.body, subject=self.subject, attempt=self.attempt + 1, sequence=self.sequence)
