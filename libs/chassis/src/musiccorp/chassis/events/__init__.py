"""The event backbone (ADR 0005): transactional outbox → JetStream → inbox, with dead letters and replay.

A producer records each event in its ``outbox`` table inside the transaction
that changes its state; the runtime's :class:`OutboxRelay` publishes committed
rows in order per aggregate. A consumer declares :class:`Subscription` s; each
runs on a durable pull consumer, inside a transaction of the consumer's own
database that also writes the ``inbox`` row making a redelivery a no-op. After
``max_attempts`` failed deliveries a message moves to the ``DLQ`` stream.

>>> async with engine.begin() as connection:  # doctest: +SKIP
...     await connection.execute(customers.insert().values(id=customer_id, email=email))
...     await record_event(connection, Event(type="customers.customer.registered.v1", subject=customer_id,
...                                          data={"customer_id": customer_id, "href": href}),
...                        source=runtime.source)
>>> runtime.notify_outbox()  # doctest: +SKIP

Ports and fakes: :class:`Publisher` (:class:`JetStreamPublisher`, fake
:class:`InMemoryPublisher`) and :class:`Delivery` (a broker message, driven by
:class:`DeliveryProcessor`).

Work queues (competing consumers, 11.7): a :class:`WorkQueue`'s jobs are
recorded with :func:`record_job` like events and taken by the one
:func:`worker` of a :class:`WorkerPool` that the broker hands each to.
:func:`connect_nats` opens the process's NATS connection, shared by discovery
and the backbone. This package is the only public surface: its modules are
private.

Declarations: a service lists its published event models and
:func:`published_events` makes their :class:`EventSpec` s (schemas as committed,
:func:`event_schema`); a :class:`Consumed` is an event type it consumes, read
into its own model (a tolerant reader).

Errors: :class:`MalformedEnvelope` (a :class:`ValueError`) — a body that is not
an envelope; such a message goes straight to the dead-letter stream.
"""

from musiccorp.chassis.events._asyncapi import EventSpec, asyncapi_document
from musiccorp.chassis.events._backbone import EventBackbone
from musiccorp.chassis.events._backoff import Backoff
from musiccorp.chassis.events._connection import connect_nats
from musiccorp.chassis.events._consumer import EventConsumer
from musiccorp.chassis.events._dead_letters import DeadLetter, read_dead_letter, replay_dead_letter
from musiccorp.chassis.events._declarations import JSON_SCHEMA_DIALECT, Consumed, event_schema, published_events
from musiccorp.chassis.events._envelope import CONTENT_TYPE, Envelope, Event, MalformedEnvelope
from musiccorp.chassis.events._naming import (
    DLQ_STREAM,
    consumer_name,
    dead_letter_subject,
    stream_name,
)
from musiccorp.chassis.events._outbox import record_event
from musiccorp.chassis.events._processor import Delivery, DeliveryProcessor, Handler, Outcome, Subscription
from musiccorp.chassis.events._publisher import InMemoryPublisher, JetStreamPublisher, OutgoingMessage, Publisher
from musiccorp.chassis.events._relay import OutboxRelay, RoundResult
from musiccorp.chassis.events._streams import ensure_stream, stream_config, work_queue_stream_config
from musiccorp.chassis.events._tables import inbox_table, outbox_table
from musiccorp.chassis.events._workqueue import WorkerPool, WorkQueue, ensure_work_queue, record_job, worker

__all__ = [
    "CONTENT_TYPE",
    "DLQ_STREAM",
    "JSON_SCHEMA_DIALECT",
    "Backoff",
    "Consumed",
    "DeadLetter",
    "Delivery",
    "DeliveryProcessor",
    "Envelope",
    "Event",
    "EventBackbone",
    "EventConsumer",
    "EventSpec",
    "Handler",
    "InMemoryPublisher",
    "JetStreamPublisher",
    "MalformedEnvelope",
    "OutboxRelay",
    "OutgoingMessage",
    "Outcome",
    "Publisher",
    "RoundResult",
    "Subscription",
    "WorkQueue",
    "WorkerPool",
    "asyncapi_document",
    "connect_nats",
    "consumer_name",
    "dead_letter_subject",
    "ensure_stream",
    "ensure_work_queue",
    "event_schema",
    "inbox_table",
    "outbox_table",
    "published_events",
    "read_dead_letter",
    "record_event",
    "record_job",
    "replay_dead_letter",
    "stream_config",
    "stream_name",
    "work_queue_stream_config",
    "worker",
]
