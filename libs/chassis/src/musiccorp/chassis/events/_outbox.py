"""Recording an event: a row in ``outbox``, written in the caller's own transaction."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from musiccorp.chassis.correlation import current_correlation_id
from musiccorp.chassis.events._envelope import Envelope, Event
from musiccorp.chassis.events._naming import context_of
from musiccorp.chassis.events._tables import outbox_table
from musiccorp.chassis.events._tracing import current_traceparent

__all__ = ["OUTBOX", "record_event"]

OUTBOX = outbox_table(sa.MetaData())


async def record_event(connection: AsyncConnection, event: Event, *, source: str) -> None:
    """Insert ``event`` into the outbox on ``connection``, inside the transaction the caller commits.

    The state change and its event commit together or not at all; the relay
    publishes the row afterwards. Never commit first and publish after: a crash
    in between would lose the event.

    >>> async with engine.begin() as connection:  # doctest: +SKIP
    ...     await connection.execute(customers.insert().values(id=customer_id, ...))
    ...     await record_event(connection, Event(type="customers.customer.registered.v1",
    ...                                          subject=customer_id, data={...}), source=runtime.source)
    """
    context_of(event.type)  # refuse a malformed subject now, not when the relay meets it
    envelope = Envelope.of(event, source=source, correlation_id=current_correlation_id(),
                           traceparent=current_traceparent())
    await connection.execute(OUTBOX.insert().values(
        id=event.id, subject=event.subject, type=event.type, body=envelope.to_bytes().decode(),
        created_at=datetime.now(UTC), published_at=None))
