"""Taking one delivery: inbox de-duplication, retries with growing delays, dead letters — without NATS."""

import pytest
import sqlalchemy as sa

from musiccorp.chassis.correlation import current_correlation_id
from musiccorp.chassis.database import Database
from musiccorp.chassis.events import (
    Backoff,
    DeliveryProcessor,
    Envelope,
    Event,
    InMemoryPublisher,
    Outcome,
    Subscription,
)
from musiccorp.chassis.events._metrics import CONSUMED
from musiccorp.chassis.events._processor import INBOX
from musiccorp.chassis.testing import FakeDelivery, create_event_tables, inbox_rows

EFFECTS = sa.Table("effects", sa.MetaData(), sa.Column("event_id", sa.String(64)), sa.Column("note", sa.String(64)))
REGISTERED = Event(type="customers.customer.registered.v1", subject="7", data={"customer_id": "7"})
CONSUMER = "loyalty__customers_customer_registered_v1"


@pytest.fixture
async def engine(tmp_path):
    database = Database(f"sqlite+aiosqlite:///{tmp_path}/consumer.db")
    await create_event_tables(database.engine)
    async with database.engine.begin() as connection:
        await connection.run_sync(EFFECTS.metadata.create_all)
    yield database.engine
    await database.dispose()


async def _effects(engine) -> list[tuple[str, str]]:
    async with engine.connect() as connection:
        return [tuple(row) for row in await connection.execute(sa.select(EFFECTS))]


class _Handler:
    """Writes one effect row per call; fails while ``failing`` is set."""

    def __init__(self, *, failing: bool = False) -> None:
        self.failing = failing
        self.calls = 0
        self.correlation_ids: list[str | None] = []

    async def __call__(self, envelope: Envelope, connection) -> None:
        self.calls += 1
        self.correlation_ids.append(current_correlation_id())
        await connection.execute(EFFECTS.insert().values(event_id=envelope.id, note="points awarded"))
        if self.failing:
            raise RuntimeError("points service\nunreachable")


def _processor(engine, handler, *, max_attempts=3, dead_letters=None) -> DeliveryProcessor:
    return DeliveryProcessor(Subscription(REGISTERED.type, handler, max_attempts=max_attempts), service="loyalty",
                             engine=engine, dead_letters=dead_letters or InMemoryPublisher(),
                             retry=Backoff(initial=1.0, maximum=3.0))


async def test_a_new_event_is_handled_recorded_in_the_inbox_and_acked(engine):
    """The handler's write and the inbox row commit together; the message is acknowledged."""
    handler = _Handler()
    delivery = FakeDelivery.of(REGISTERED)
    assert await _processor(engine, handler).process(delivery) is Outcome.HANDLED
    assert delivery.acked and delivery.naks == []
    assert await _effects(engine) == [(REGISTERED.id, "points awarded")]
    assert await inbox_rows(engine) == [(REGISTERED.id, CONSUMER)]


async def test_a_redelivered_event_is_acked_without_running_the_handler(engine):
    """The inbox turns a second delivery of the same event into an acknowledged no-op."""
    handler = _Handler()
    processor = _processor(engine, handler)
    first = FakeDelivery.of(REGISTERED)
    await processor.process(first)
    again = first.redelivered()
    assert await processor.process(again) is Outcome.DUPLICATE
    assert again.acked and handler.calls == 1
    assert len(await _effects(engine)) == 1


async def test_the_inbox_is_per_consumer(engine):
    """Another service's consumer of the same event handles it too."""
    await _processor(engine, _Handler()).process(FakeDelivery.of(REGISTERED))
    other = DeliveryProcessor(Subscription(REGISTERED.type, _Handler()), service="notifications", engine=engine,
                              dead_letters=InMemoryPublisher())
    assert await other.process(FakeDelivery.of(REGISTERED)) is Outcome.HANDLED
    assert len(await inbox_rows(engine)) == 2


async def test_a_failing_handler_is_rolled_back_and_nakd_with_growing_delays(engine):
    """Each failed attempt rolls back the handler's writes and asks for redelivery later, then later still."""
    processor = _processor(engine, _Handler(failing=True), max_attempts=3)
    first = FakeDelivery.of(REGISTERED)
    assert await processor.process(first) is Outcome.RETRIED
    second = first.redelivered()
    assert await processor.process(second) is Outcome.RETRIED
    assert (first.naks, second.naks) == ([1.0], [2.0])
    assert not first.acked and not second.acked
    assert await _effects(engine) == [] and await inbox_rows(engine) == []


async def test_the_last_failed_attempt_goes_to_the_dead_letter_stream(engine):
    """After max_attempts deliveries the message is dead-lettered with the ADR's headers, and acked."""
    dead_letters = InMemoryPublisher()
    processor = _processor(engine, _Handler(failing=True), max_attempts=3, dead_letters=dead_letters)
    delivery = FakeDelivery.of(REGISTERED, attempt=3)
    assert await processor.process(delivery) is Outcome.DEAD_LETTERED
    assert delivery.acked and delivery.naks == []
    (letter,) = dead_letters.messages
    assert letter.subject == "dlq.loyalty.customers.customer.registered.v1"
    assert letter.body == delivery.body
    assert letter.headers["Musiccorp-Original-Subject"] == REGISTERED.type
    assert letter.headers["Musiccorp-Consumer"] == CONSUMER
    assert letter.headers["Musiccorp-Error"] == "RuntimeError: points service unreachable"
    assert letter.headers["Musiccorp-Attempts"] == "3"
    assert letter.headers["Musiccorp-Failed-At"].endswith("Z")
    assert await inbox_rows(engine) == []


async def test_a_malformed_message_goes_straight_to_the_dead_letter_stream(engine):
    """A body that is no envelope is dead-lettered on its first delivery; the handler never sees it."""
    dead_letters, handler = InMemoryPublisher(), _Handler()
    delivery = FakeDelivery(body=b"{not json", subject=REGISTERED.type)
    assert await _processor(engine, handler, dead_letters=dead_letters).process(delivery) is Outcome.DEAD_LETTERED
    assert delivery.acked and handler.calls == 0
    assert dead_letters.messages[0].headers["Musiccorp-Error"].startswith("malformed envelope")


async def test_a_message_that_cannot_be_dead_lettered_is_kept(engine):
    """When the dead-letter publish fails the message is nak'ed, not acked, so it is not lost."""
    dead_letters = InMemoryPublisher()
    dead_letters.fail_when()
    delivery = FakeDelivery.of(REGISTERED, attempt=3)
    assert await _processor(engine, _Handler(failing=True), dead_letters=dead_letters).process(delivery) \
        is Outcome.RETRIED
    assert not delivery.acked and len(delivery.naks) == 1


async def test_a_concurrent_duplicate_rolls_back_and_is_acked(engine):
    """If another delivery recorded the event between our check and our insert, our effects roll back."""
    async def handler_racing_a_twin(envelope, connection):
        await connection.execute(EFFECTS.insert().values(event_id=envelope.id, note="from the loser"))
        await connection.execute(INBOX.insert().values(event_id=envelope.id, consumer=CONSUMER,
                                                       handled_at=envelope.time))  # the twin's commit, as seen

    delivery = FakeDelivery.of(REGISTERED)
    assert await _processor(engine, handler_racing_a_twin).process(delivery) is Outcome.DUPLICATE
    assert delivery.acked
    assert await _effects(engine) == []


async def test_the_handler_runs_under_the_events_correlation_id(engine):
    """Logs and calls made by the handler carry the correlation id the producer recorded."""
    handler = _Handler()
    envelope = Envelope.of(REGISTERED, source="/musiccorp/customers", correlation_id="journey-5")
    await _processor(engine, handler).process(FakeDelivery(body=envelope.to_bytes(), subject=REGISTERED.type))
    assert handler.correlation_ids == ["journey-5"]
    assert current_correlation_id() is None


async def test_outcomes_are_counted_per_subscription(engine):
    """musiccorp_events_consumed_total counts each outcome under the consumer's name."""
    handled = CONSUMED.labels(CONSUMER, "handled")
    duplicate = CONSUMED.labels(CONSUMER, "duplicate")
    before = handled._value.get(), duplicate._value.get()
    processor = _processor(engine, _Handler())
    delivery = FakeDelivery.of(REGISTERED)
    await processor.process(delivery)
    await processor.process(delivery.redelivered())
    assert (handled._value.get() - before[0], duplicate._value.get() - before[1]) == (1, 1)
