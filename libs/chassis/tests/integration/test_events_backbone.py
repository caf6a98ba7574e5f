"""Outbox → relay → JetStream → consumer → inbox against a real nats-server, on SQLite and PostgreSQL.

Each test uses its own context (hence its own stream) and its own consumer
service name, so tests share the session's server without seeing each other.
"""

import asyncio
import contextlib
import uuid
from collections.abc import Mapping

import nats
import pytest
import sqlalchemy as sa
from nats.js.errors import NoStreamResponseError, NotFoundError

from musiccorp.chassis.correlation import correlation_scope
from musiccorp.chassis.database import Database
from musiccorp.chassis.events import (
    DLQ_STREAM,
    Backoff,
    DeliveryProcessor,
    Event,
    EventConsumer,
    JetStreamPublisher,
    OutboxRelay,
    OutgoingMessage,
    Publisher,
    Subscription,
    consumer_name,
    dead_letter_subject,
    ensure_stream,
    record_event,
    replay_dead_letter,
    stream_config,
    stream_name,
)
from musiccorp.chassis.events._metrics import PUBLISH_FAILURES
from musiccorp.chassis.testing import (
    create_event_tables,
    eventually,
    free_port,
    inbox_rows,
    outbox_rows,
    running_nats_server,
)
from musiccorp.chassis.testing.databases import postgres_base_url, sqlite_url, temporary_postgres_database

EFFECTS = sa.Table("effects", sa.MetaData(),
                   sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
                   sa.Column("event_id", sa.String(64), nullable=False),
                   sa.Column("aggregate", sa.String(64), nullable=False),
                   sa.Column("n", sa.Integer, nullable=False))
FAST_RETRY = Backoff(initial=0.05, maximum=0.2)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def engine(request, tmp_path):
    """An engine on a fresh database holding outbox, inbox and the handler's own table."""
    async with contextlib.AsyncExitStack() as stack:
        if request.param == "sqlite":
            url = sqlite_url(tmp_path)
        else:
            base = postgres_base_url()
            if base is None:
                pytest.skip("MUSICCORP_TEST_POSTGRES_URL is not set (make test and CI set it)")
            url = await stack.enter_async_context(temporary_postgres_database(base))
        database = Database(url)
        stack.push_async_callback(database.dispose)
        await create_event_tables(database.engine)
        async with database.engine.begin() as connection:
            await connection.run_sync(EFFECTS.metadata.create_all)
        yield database.engine


@pytest.fixture
def names():
    """A context (so a stream) and a consumer service of this test's own."""
    tag = uuid.uuid4().hex[:10]
    return type("Names", (), {"event_type": f"ctx{tag}.thing.changed.v1", "service": f"svc{tag}"})


@pytest.fixture
async def js(nats_url):
    nc = await nats.connect(nats_url)
    yield nc.jetstream()
    await nc.close()


class Recorder:
    """The subscription's handler: one effect row per event; raises while ``broken``."""

    def __init__(self) -> None:
        self.calls = 0
        self.broken = False

    async def __call__(self, envelope, connection) -> None:
        self.calls += 1
        if self.broken:
            raise RuntimeError("cannot read the loyalty tier\n(poison)")
        await connection.execute(EFFECTS.insert().values(event_id=envelope.id, aggregate=envelope.subject,
                                                         n=envelope.data["n"]))


async def _record(engine, event_type: str, pairs) -> list[Event]:
    recorded = [Event(type=event_type, subject=aggregate, data={"n": n}) for aggregate, n in pairs]
    async with engine.begin() as connection:
        for event in recorded:
            await record_event(connection, event, source="/musiccorp/producer")
    return recorded


async def _effects(engine) -> list[tuple[str, str, int]]:
    async with engine.connect() as connection:
        rows = await connection.execute(sa.select(EFFECTS.c.event_id, EFFECTS.c.aggregate, EFFECTS.c.n)
                                        .order_by(EFFECTS.c.seq))
        return [tuple(row) for row in rows]


def _per_aggregate(effects) -> dict[str, list[int]]:
    orders: dict[str, list[int]] = {}
    for _, aggregate, n in effects:
        orders.setdefault(aggregate, []).append(n)
    return orders


async def _has_effects(engine, count: int) -> bool:
    return len(await _effects(engine)) >= count


def _consumer(js, engine, names, handler, *, max_attempts: int = 5) -> EventConsumer:
    processor = DeliveryProcessor(Subscription(names.event_type, handler, max_attempts=max_attempts),
                                  service=names.service, engine=engine, dead_letters=JetStreamPublisher(js),
                                  retry=FAST_RETRY)
    return EventConsumer(js, processor, fetch_timeout=0.3)


@contextlib.asynccontextmanager
async def _running(*components):
    """Start relays and consumers; stop them however the test ends."""
    async with contextlib.AsyncExitStack() as stack:
        for component in components:
            started = component.start()
            if started is not None:
                await started
            stack.push_async_callback(component.stop)
        yield


async def _settled(js, names) -> bool:
    """The consumer has taken every message of its stream and has none awaiting an ack."""
    info = await js.consumer_info(stream_name(names.event_type), consumer_name(names.service, names.event_type))
    return info.num_pending == 0 and info.num_ack_pending == 0


async def test_recorded_events_are_handled_once_each_in_order_per_aggregate(engine, js, names):
    """Events of four aggregates, recorded interleaved, reach the handler once each, in each aggregate's order."""
    with correlation_scope("journey-e2e"):
        recorded = await _record(engine, names.event_type, [(a, n) for n in range(5) for a in "abcd"])
    relay = OutboxRelay(engine, JetStreamPublisher(js), poll_interval=0.2)
    async with _running(relay, _consumer(js, engine, names, Recorder())):
        await eventually(lambda: _has_effects(engine, 20), within=15, what="20 events handled")
    assert _per_aggregate(await _effects(engine)) == {a: [0, 1, 2, 3, 4] for a in "abcd"}
    assert len(await inbox_rows(engine)) == 20
    assert all(row.published_at is not None for row in await outbox_rows(engine))
    first = await js.get_msg(stream_name(names.event_type), 1)
    assert first.subject == names.event_type
    assert first.headers["Nats-Msg-Id"] == recorded[0].id
    assert first.headers["X-Correlation-ID"] == "journey-e2e"
    assert first.headers["Content-Type"] == "application/cloudevents+json"


class _DyingAfter(Publisher):
    """Publishes through the wrapped publisher until ``acks`` were acknowledged, then hangs: the process froze."""

    def __init__(self, inner, *, acks: int) -> None:
        self.inner, self.limit, self.sent, self.acked = inner, acks, 0, 0

    async def publish(self, subject: str, body: bytes, headers: Mapping[str, str]) -> None:
        if self.sent >= self.limit:
            await asyncio.Event().wait()
        self.sent += 1
        await self.inner.publish(subject, body, headers)
        self.acked += 1


class _AfterTheDuplicateWindow(Publisher):
    """Re-sends with a changed Nats-Msg-Id, as JetStream sees a copy re-sent after its 2-minute window."""

    def __init__(self, inner) -> None:
        self.inner = inner

    async def publish(self, subject: str, body: bytes, headers: Mapping[str, str]) -> None:
        await self.inner.publish(subject, body, self._late(headers))

    async def publish_all(self, messages):
        return await self.inner.publish_all([m._replace(headers=self._late(m.headers)) for m in messages])

    @staticmethod
    def _late(headers: Mapping[str, str]) -> dict[str, str]:
        return {**headers, "Nats-Msg-Id": headers["Nats-Msg-Id"] + ":late"}


async def test_a_relay_killed_mid_batch_loses_nothing_and_its_duplicates_are_absorbed(engine, js, names):
    """Cancel a round after some acks; a new relay re-sends all; every event is handled once, in order."""
    await _record(engine, names.event_type, [(f"agg{a}", n) for n in range(10) for a in range(20)])
    dying = _DyingAfter(JetStreamPublisher(js), acks=40)
    task = asyncio.create_task(OutboxRelay(engine, dying, batch_size=500).run_once())
    await eventually(lambda: dying.acked == 40, within=10, what="the first relay a fifth through its batch")
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    assert all(row.published_at is None for row in await outbox_rows(engine)), "acked rows are marked only per batch"

    recorder = Recorder()
    relay = OutboxRelay(engine, _AfterTheDuplicateWindow(JetStreamPublisher(js)), poll_interval=0.2)
    async with _running(relay, _consumer(js, engine, names, recorder)):
        await eventually(lambda: _has_effects(engine, 200), within=20, what="all 200 events handled")
        await eventually(lambda: _settled(js, names), within=10, what="every copy in the stream taken")
    stream = await js.stream_info(stream_name(names.event_type))
    assert stream.state.messages >= 200 + 40, "the duplicates did reach the consumer"
    effects = await _effects(engine)
    assert len(effects) == 200 and len({event_id for event_id, _, _ in effects}) == 200
    assert _per_aggregate(effects) == {f"agg{a}": list(range(10)) for a in range(20)}
    assert recorder.calls == 200, "the inbox kept the handler from running for a copy"
    assert all(row.published_at is not None for row in await outbox_rows(engine))


async def test_a_poison_event_is_dead_lettered_and_handled_after_replay(engine, js, names):
    """After max_attempts failures the event sits in DLQ with its error; replayed after the fix, it is handled."""
    recorder = Recorder()
    recorder.broken = True
    (poison,) = await _record(engine, names.event_type, [("a", 1)])
    subject = dead_letter_subject(names.service, names.event_type)

    async def dead_lettered() -> bool:
        with contextlib.suppress(NotFoundError):
            return bool(await js.get_last_msg(DLQ_STREAM, subject))
        return False

    relay = OutboxRelay(engine, JetStreamPublisher(js), poll_interval=0.2)
    async with _running(relay, _consumer(js, engine, names, recorder, max_attempts=3)):
        await eventually(dead_lettered, within=15, what="the poison event in the DLQ")
        letter = await js.get_last_msg(DLQ_STREAM, subject)
        assert recorder.calls == 3
        assert letter.headers["Musiccorp-Original-Subject"] == names.event_type
        assert letter.headers["Musiccorp-Consumer"] == consumer_name(names.service, names.event_type)
        assert letter.headers["Musiccorp-Error"] == "RuntimeError: cannot read the loyalty tier (poison)"
        assert letter.headers["Musiccorp-Attempts"] == "3"
        assert "Musiccorp-Failed-At" in letter.headers
        assert letter.data and poison.id.encode() in letter.data
        assert await inbox_rows(engine) == [] and await _effects(engine) == []

        recorder.broken = False
        message_id = await replay_dead_letter(js, letter.seq)
        assert message_id == f"{poison.id}:replay:{letter.seq}"
        await eventually(lambda: _has_effects(engine, 1), within=10, what="the replayed event handled")
    assert await inbox_rows(engine) == [(poison.id, consumer_name(names.service, names.event_type))]
    with pytest.raises(NotFoundError):
        await js.get_msg(DLQ_STREAM, letter.seq)


async def test_events_recorded_while_the_broker_is_down_are_delivered_when_it_returns(engine, tmp_path, names):
    """With nats-server stopped, events stay in the outbox; restarted on its port and store, they arrive in order."""
    port, store = free_port(), tmp_path / "nats"
    recorder = Recorder()
    async with contextlib.AsyncExitStack() as stack:
        with running_nats_server(store, port=port) as url:
            nc = await nats.connect(url, max_reconnect_attempts=-1, reconnect_time_wait=0.2)
            stack.push_async_callback(nc.close)
            js = nc.jetstream()
            relay = OutboxRelay(engine, JetStreamPublisher(js, timeout=1.0), poll_interval=0.2,
                                backoff=Backoff(initial=0.1, maximum=0.5))
            await stack.enter_async_context(_running(relay, _consumer(js, engine, names, recorder)))
            await _record(engine, names.event_type, [("a", 0), ("b", 0)])
            relay.notify()
            await eventually(lambda: _has_effects(engine, 2), within=10, what="events before the outage handled")

        failures = PUBLISH_FAILURES._value.get()
        await _record(engine, names.event_type, [("a", 1), ("b", 1), ("a", 2), ("b", 2)])
        relay.notify()
        await eventually(lambda: PUBLISH_FAILURES._value.get() > failures, within=10, what="a failed publish")
        assert [row.published_at for row in await outbox_rows(engine)][2:] == [None] * 4

        with running_nats_server(store, port=port):
            await eventually(lambda: _has_effects(engine, 6), within=30, what="events of the outage handled")
            assert _per_aggregate(await _effects(engine)) == {"a": [0, 1, 2], "b": [0, 1, 2]}
            assert all(row.published_at is not None for row in await outbox_rows(engine))
            await stack.aclose()
    assert recorder.calls == 6



async def test_stopping_a_consumer_lets_the_handler_in_flight_finish(engine, js, names):
    """stop() lets the running handler commit and ack, hands the rest of the batch back, and a restart goes on."""
    entered, release = asyncio.Event(), asyncio.Event()
    recorder = Recorder()

    async def slow_handler(envelope, connection):
        entered.set()
        await release.wait()
        await recorder(envelope, connection)

    await _record(engine, names.event_type, [("a", 0), ("a", 1), ("a", 2)])
    async with _running(OutboxRelay(engine, JetStreamPublisher(js), poll_interval=0.2)):
        await eventually(lambda: _all_published(engine), within=10, what="the three events published")
        consumer = _consumer(js, engine, names, slow_handler)
        await consumer.start()
        await asyncio.wait_for(entered.wait(), 10)
        stopping = asyncio.create_task(consumer.stop())
        release.set()
        await asyncio.wait_for(stopping, 10)
        assert [n for _, _, n in await _effects(engine)] == [0]

        async with _running(_consumer(js, engine, names, recorder)):
            # Stranded messages would wait for ack_wait (30 s); handed-back ones come at once.
            await eventually(lambda: _has_effects(engine, 3), within=5, what="the rest handled after a restart")
    assert [n for _, _, n in await _effects(engine)] == [0, 1, 2]


async def _all_published(engine) -> bool:
    return all(row.published_at is not None for row in await outbox_rows(engine))


async def test_a_missing_stream_is_created_by_the_publisher(js, names):
    """A publish that finds no stream for its subject creates the context's stream; the retry is stored."""
    publisher = JetStreamPublisher(js)
    message = OutgoingMessage(names.event_type, b"{}", {"Nats-Msg-Id": uuid.uuid4().hex})
    (first,) = await publisher.publish_all([message])
    assert isinstance(first, NoStreamResponseError)
    assert await publisher.publish_all([message]) == [None]
    assert (await js.stream_info(stream_name(names.event_type))).config.duplicate_window == 120.0


@pytest.mark.postgres
@pytest.mark.parametrize("engine", ["postgres"], indirect=True)  # SQLite has one writer per file: no turns
async def test_instances_sharing_a_postgres_outbox_take_turns(engine, js, names):
    """While one instance's relay holds its round, another's round on the same database publishes nothing."""
    await ensure_stream(js, stream_config(names.event_type))
    await _record(engine, names.event_type, [("a", 0)])
    first = asyncio.create_task(OutboxRelay(engine, _DyingAfter(JetStreamPublisher(js), acks=0)).run_once())
    await eventually(lambda: _round_holds_the_lock(engine), within=5, what="the first round under way")
    assert await OutboxRelay(engine, JetStreamPublisher(js)).run_once() == (0, 0, 0)
    first.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await first
    assert (await OutboxRelay(engine, JetStreamPublisher(js)).run_once()).published == 1


async def _round_holds_the_lock(engine) -> bool:
    async with engine.connect() as connection:
        return bool((await connection.execute(sa.text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = "
            "(SELECT oid FROM pg_database WHERE datname = current_database())"))).scalar())
