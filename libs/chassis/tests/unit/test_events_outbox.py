"""record_event and the outbox relay, against SQLite with the in-memory publisher."""

import asyncio

import pytest

from musiccorp.chassis.correlation import correlation_scope
from musiccorp.chassis.database import Database
from musiccorp.chassis.events import Backoff, Event, InMemoryPublisher, OutboxRelay, record_event
from musiccorp.chassis.events._metrics import OUTBOX_PENDING, PUBLISHED
from musiccorp.chassis.events._relay import by_aggregate
from musiccorp.chassis.testing import create_event_tables, eventually, outbox_rows

SOURCE = "/musiccorp/customers"


@pytest.fixture
async def engine(tmp_path):
    database = Database(f"sqlite+aiosqlite:///{tmp_path}/outbox.db")
    await create_event_tables(database.engine)
    yield database.engine
    await database.dispose()


async def _record(engine, *pairs: tuple[str, int]) -> list[Event]:
    """Record one event per (aggregate, n), in the order given."""
    recorded = [Event(type="customers.customer.changed.v1", subject=aggregate, data={"n": n})
                for aggregate, n in pairs]
    async with engine.begin() as connection:
        for event in recorded:
            await record_event(connection, event, source=SOURCE)
    return recorded


def _sequence(publisher: InMemoryPublisher, aggregate: str) -> list[int]:
    return [e.data["n"] for e in publisher.envelopes() if e.subject == aggregate]


def test_rows_are_grouped_by_aggregate_keeping_their_order():
    """by_aggregate keeps each aggregate's rows in the order read (seq order)."""
    rows = [type("Row", (), {"seq": s, "subject": a}) for s, a in [(1, "a"), (2, "b"), (3, "a"), (4, "c"), (5, "b")]]
    assert {k: [r.seq for r in v] for k, v in by_aggregate(rows).items()} == {"a": [1, 3], "b": [2, 5], "c": [4]}


async def test_record_event_writes_in_the_callers_transaction(engine):
    """An event recorded in a transaction that rolls back leaves no outbox row."""
    with pytest.raises(RuntimeError):
        async with engine.begin() as connection:
            await record_event(connection, Event(type="customers.customer.registered.v1", subject="1", data={}),
                               source=SOURCE)
            raise RuntimeError("the state change failed")
    assert await outbox_rows(engine) == []


async def test_record_event_captures_the_correlation_id(engine):
    """The envelope in the outbox carries the correlation id of the work that recorded it."""
    async with engine.begin() as connection:
        with correlation_scope("journey-1"):
            await record_event(connection, Event(type="customers.customer.registered.v1", subject="1",
                                                  data={"customer_id": "1"}), source=SOURCE)
    (row,) = await outbox_rows(engine)
    assert (row.type, row.subject, row.published_at) == ("customers.customer.registered.v1", "1", None)
    assert row.envelope.correlation_id == "journey-1"
    assert row.envelope.source == SOURCE


async def test_relay_publishes_rows_with_headers_and_marks_them(engine):
    """Every row goes out on its type's subject with Nats-Msg-Id = event id, and gets published_at."""
    recorded = await _record(engine, ("a", 1), ("b", 1))
    publisher = InMemoryPublisher()
    result = await OutboxRelay(engine, publisher).run_once()
    assert (result.read, result.published, result.failed) == (2, 2, 0)
    assert [m.headers["Nats-Msg-Id"] for m in publisher.messages] == [e.id for e in recorded]
    assert {m.subject for m in publisher.messages} == {"customers.customer.changed.v1"}
    assert all(row.published_at is not None for row in await outbox_rows(engine))


async def test_a_failing_aggregate_keeps_its_order_while_others_proceed(engine, fake_clock):
    """When a row fails, its later rows wait behind it; other aggregates are published meanwhile."""
    await _record(engine, ("a", 1), ("b", 1), ("a", 2), ("b", 2), ("a", 3))
    publisher = InMemoryPublisher()
    publisher.fail_when(lambda message: message.envelope.subject == "a" and message.envelope.data["n"] == 2)
    relay = OutboxRelay(engine, publisher, backoff=Backoff(initial=1.0, maximum=4.0), clock=fake_clock)
    result = await relay.run_once()
    assert (result.published, result.failed) == (3, 1)
    assert _sequence(publisher, "a") == [1] and _sequence(publisher, "b") == [1, 2]
    pending = [(r.subject, r.envelope.data["n"]) for r in await outbox_rows(engine) if r.published_at is None]
    assert pending == [("a", 2), ("a", 3)]
    publisher.recover()
    fake_clock.advance(1.0)
    await relay.run_once()
    assert _sequence(publisher, "a") == [1, 2, 3]


async def test_an_aggregate_is_not_retried_before_its_backoff(engine, fake_clock):
    """A failed aggregate is left alone until its backoff passed, and the backoff grows."""
    await _record(engine, ("a", 1))
    publisher = InMemoryPublisher()
    publisher.fail_when()
    relay = OutboxRelay(engine, publisher, backoff=Backoff(initial=1.0, maximum=10.0), clock=fake_clock)
    await relay.run_once()
    await relay.run_once()
    assert publisher.attempts == 1
    fake_clock.advance(1.0)
    await relay.run_once()
    assert publisher.attempts == 2
    fake_clock.advance(1.5)  # the second failure doubled the wait to 2 s
    await relay.run_once()
    assert publisher.attempts == 2
    fake_clock.advance(0.5)
    publisher.recover()
    assert (await relay.run_once()).published == 1


class _GatedPublisher(InMemoryPublisher):
    """Holds aggregate a's first message until aggregate b's has been published; counts concurrency."""

    def __init__(self) -> None:
        super().__init__()
        self.b_published = asyncio.Event()
        self.in_flight: dict[str, int] = {}
        self.most_in_flight: dict[str, int] = {}

    async def publish(self, subject, body, headers):
        aggregate = self._aggregate(body)
        self.in_flight[aggregate] = self.in_flight.get(aggregate, 0) + 1
        self.most_in_flight[aggregate] = max(self.most_in_flight.get(aggregate, 0), self.in_flight[aggregate])
        try:
            if aggregate == "a":
                await asyncio.wait_for(self.b_published.wait(), 5)
            await asyncio.sleep(0)
            await super().publish(subject, body, headers)
            if aggregate == "b":
                self.b_published.set()
        finally:
            self.in_flight[aggregate] -= 1

    @staticmethod
    def _aggregate(body: bytes) -> str:
        from musiccorp.chassis.events import Envelope

        return Envelope.from_bytes(body).subject


async def test_aggregates_are_published_concurrently_and_each_one_sequentially(engine):
    """Aggregate b goes out while a's ack is outstanding; no aggregate ever has two messages in flight."""
    await _record(engine, ("a", 1), ("a", 2), ("b", 1), ("b", 2), ("c", 1))
    publisher = _GatedPublisher()
    result = await OutboxRelay(engine, publisher).run_once()
    assert result.published == 5
    assert _sequence(publisher, "a") == [1, 2] and _sequence(publisher, "b") == [1, 2]
    assert set(publisher.most_in_flight.values()) == {1}


class _StallingPublisher(InMemoryPublisher):
    """Never answers for the messages ``stalls`` selects, like a broker that stopped acking."""

    def __init__(self, stalls) -> None:
        super().__init__()
        self.stalls = stalls

    async def publish(self, subject, body, headers):
        from musiccorp.chassis.events import Envelope

        if self.stalls is not None and self.stalls(Envelope.from_bytes(body)):
            await asyncio.Event().wait()
        await super().publish(subject, body, headers)


async def test_a_cancelled_round_marks_nothing_and_the_next_round_resends_the_same_ids(engine):
    """Killing the relay mid-batch leaves the whole batch pending; re-sent copies are dropped by message id."""
    await _record(engine, *[(aggregate, n) for n in range(1, 4) for aggregate in "ab"])
    broker = _StallingPublisher(stalls=lambda envelope: (envelope.subject, envelope.data["n"]) == ("a", 2))
    round_ = asyncio.create_task(OutboxRelay(engine, broker).run_once())
    await eventually(lambda: len(broker.messages) == 3, within=5, what="a1, b1 and b2 published, a2 stalled")
    round_.cancel()
    with pytest.raises(asyncio.CancelledError):
        await round_
    assert all(row.published_at is None for row in await outbox_rows(engine))
    broker.stalls = None
    assert (await OutboxRelay(engine, broker).run_once()).published == 6
    assert broker.attempts == 3 + 6
    assert _sequence(broker, "a") == [1, 2, 3] and _sequence(broker, "b") == [1, 2, 3]
    assert all(row.published_at is not None for row in await outbox_rows(engine))


async def test_the_running_relay_drains_batches_and_wakes_on_notify(engine):
    """With a long poll interval, notify() still gets new events out at once; backlogs drain batch by batch."""
    await _record(engine, *[(str(n % 4), n) for n in range(10)])
    publisher = InMemoryPublisher()
    relay = OutboxRelay(engine, publisher, batch_size=3, poll_interval=60)
    relay.start()
    try:
        await eventually(lambda: len(publisher.messages) == 10, within=5, what="the backlog drained")
        await _record(engine, ("z", 99))
        relay.notify()
        await eventually(lambda: len(publisher.messages) == 11, within=5, what="the notified event published")
    finally:
        await relay.stop()
    assert not relay.running


async def test_metrics_count_published_rows_and_pending_ones(engine):
    """The published counter grows by the rows acknowledged; the pending gauge shows what waits."""
    await _record(engine, ("a", 1), ("b", 1))
    publisher = InMemoryPublisher()
    publisher.fail_when(lambda message: message.envelope.subject == "b")
    before = PUBLISHED._value.get()
    await OutboxRelay(engine, publisher).run_once()
    assert PUBLISHED._value.get() - before == 1
    assert OUTBOX_PENDING._value.get() == 1
