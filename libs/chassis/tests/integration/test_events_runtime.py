"""ServiceRuntime wires the event backbone: one NATS connection, relay, consumers, readiness, clean stop."""

import uuid

import pytest
import sqlalchemy as sa

from musiccorp.chassis import ServiceManifest, ServiceRuntime, ServiceSettings
from musiccorp.chassis.events import Event, EventSpec, Subscription, record_event
from musiccorp.chassis.testing import create_event_tables, eventually, inbox_rows, outbox_rows

AWARDS = sa.Table("awards", sa.MetaData(), sa.Column("customer_id", sa.String(64), primary_key=True))


def _manifest(name: str) -> ServiceManifest:
    return ServiceManifest(name=name, description=f"The {name} service.", owner="platform-team", tier=3,
                           on_call="platform@musiccorp.example", version="1.0.0")


@pytest.fixture
def context():
    return f"ctx{uuid.uuid4().hex[:10]}"


async def _runtime(tmp_path, nats_url, name, **events) -> ServiceRuntime:
    settings = ServiceSettings(database_url=f"sqlite+aiosqlite:///{tmp_path}/{name}.db", nats_url=nats_url,
                               instance_id=f"{name}-1", log_format="console", log_level="warning")
    runtime = ServiceRuntime(settings=settings, manifest=_manifest(name), **events)
    await create_event_tables(runtime.database.engine)
    async with runtime.database.engine.begin() as connection:
        await connection.run_sync(AWARDS.metadata.create_all)
    return runtime


async def test_two_services_exchange_an_event_through_their_runtimes(tmp_path, nats_url, context):
    """A producer's recorded event reaches a consumer's handler; both share one NATS connection each."""
    event_type = f"{context}.customer.registered.v1"
    spec = EventSpec(event_type, {"type": "object"})

    async def award_points(envelope, connection):
        await connection.execute(AWARDS.insert().values(customer_id=envelope.data["customer_id"]))

    producer = await _runtime(tmp_path, nats_url, f"{context}p", publishes=[spec])
    consumer = await _runtime(tmp_path, nats_url, f"{context}c", consumes=[spec],
                              subscriptions=[Subscription(event_type, award_points)])
    await consumer.start()
    await producer.start()
    try:
        assert producer.registry.target._nc is producer._nats, "discovery shares the events' connection"
        async with producer.database.engine.begin() as connection:
            await record_event(connection, Event(type=event_type, subject="42", data={"customer_id": "42"}),
                               source=producer.source)
        producer.notify_outbox()

        async def awarded() -> bool:
            async with consumer.database.engine.connect() as connection:
                return (await connection.execute(sa.select(AWARDS.c.customer_id))).scalars().all() == ["42"]

        await eventually(awarded, within=10, what="the consumer's handler ran")
        ready, checks = await producer.health.run()
        assert ready and checks["events"]["status"] == "pass"
        assert (await consumer.health.run())[1]["events"]["status"] == "pass"
        assert [row.published_at is not None for row in await outbox_rows(producer.database.engine)] == [True]
        assert len(await inbox_rows(consumer.database.engine)) == 1
    finally:
        await producer.stop()
        await consumer.stop()
    assert producer.events is None and producer._nats is None


async def test_without_a_broker_nothing_starts_and_events_wait_in_the_outbox(tmp_path, context):
    """With no nats_url the runtime starts no relay; a recorded event stays in the outbox for tests to read."""
    event_type = f"{context}.customer.registered.v1"
    runtime = await _runtime(tmp_path, None, "standalone", publishes=[EventSpec(event_type, {})])
    await runtime.start()
    try:
        async with runtime.database.engine.begin() as connection:
            await record_event(connection, Event(type=event_type, subject="1", data={}), source=runtime.source)
        runtime.notify_outbox()
        assert runtime.events is None
        assert [(row.type, row.published_at) for row in await outbox_rows(runtime.database.engine)] == \
            [(event_type, None)]
    finally:
        await runtime.stop()
