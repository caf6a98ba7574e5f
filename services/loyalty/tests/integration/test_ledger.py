"""Points awarded and taken back on real databases (SQLite and PostgreSQL), through the chassis' inbox.

Each event is handed to loyalty's real subscription the way the consumer does
(a delivery, a transaction, an inbox row), so double delivery, a replay under a
new event id and events crossing are all exercised end to end below the broker.
"""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from musiccorp.chassis.database import Database
from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.chassis.events import DeliveryProcessor, Event, InMemoryPublisher, Outcome
from musiccorp.chassis.testing import FakeDelivery, inbox_rows
from musiccorp.loyalty.adapters.repository import SqlAccountReader, SqlAccountRepository
from musiccorp.loyalty.adapters.tables import entries
from musiccorp.loyalty.bootstrap import bootstrap
from musiccorp.loyalty.config import LoyaltySettings
from musiccorp.loyalty.domain.commands import AwardOrderPoints
from musiccorp.loyalty.entrypoints.consumer import subscriptions
from musiccorp.loyalty.service_layer import handlers

CUSTOMER_ID = "5b1d2c4e-2f0a-4c55-9f7e-3c1f6f4b8a21"


@pytest.fixture
def deliver(database):
    """Hand a delivery to the subscription of its event type, as the chassis consumer does."""
    loyalty = bootstrap(LoyaltySettings(), repository=SqlAccountReader(database.engine), registry=InMemoryRegistry())
    processors = {subscription.event_type: DeliveryProcessor(subscription, service="loyalty",
                                                             engine=database.engine, dead_letters=InMemoryPublisher())
                  for subscription in subscriptions(loyalty)}

    async def deliver(delivery: FakeDelivery) -> Outcome:
        return await processors[delivery.subject].process(delivery)

    return deliver


def registered() -> FakeDelivery:
    return FakeDelivery.of(Event(type="customers.customer.registered.v1", subject=CUSTOMER_ID, data={
        "customer_id": CUSTOMER_ID, "customer_uri": f"http://customers/v1/customers/{CUSTOMER_ID}"}))


def completed(order_id: str = "o-1", amount: str = "19.98") -> FakeDelivery:
    return FakeDelivery.of(Event(type="orders.order.completed.v1", subject=order_id, data={
        "order_id": order_id, "order_uri": f"http://orders/v1/orders/{order_id}", "customer_id": CUSTOMER_ID,
        "customer_uri": f"http://customers/v1/customers/{CUSTOMER_ID}",
        "total": {"amount": amount, "currency": "GBP"}}), source="/musiccorp/orders")


def refund_issued(order_id: str = "o-1") -> FakeDelivery:
    return FakeDelivery.of(Event(type="payments.refund.issued.v1", subject="p-1", data={
        "payment_id": "p-1", "order_id": order_id, "customer_id": CUSTOMER_ID,
        "amount": {"amount": "19.98", "currency": "GBP"}}), source="/musiccorp/payments")


async def account(database: Database):
    return await handlers.find_account(CUSTOMER_ID, accounts=SqlAccountReader(database.engine))


async def ledger(database: Database) -> list[tuple[str, int, str | None]]:
    async with database.engine.connect() as connection:
        rows = await connection.execute(select(entries.c.kind, entries.c.points, entries.c.order_id)
                                        .order_by(entries.c.seq))
        return [tuple(row) for row in rows]


async def test_a_completed_order_awards_its_points(database, deliver):
    """Registration opens the account at zero; the completed order adds 19 points for 19.98."""
    assert await deliver(registered()) is Outcome.HANDLED
    assert await deliver(completed()) is Outcome.HANDLED
    assert (await account(database)).points == 19
    assert await ledger(database) == [("opened", 0, None), ("order_completed", 19, "o-1")]


async def test_a_redelivered_event_is_handled_once(database, deliver):
    """The same event delivered twice: the inbox skips the second, the points are awarded once."""
    delivery = completed()
    assert await deliver(delivery) is Outcome.HANDLED
    assert await deliver(delivery.redelivered()) is Outcome.DUPLICATE
    assert (await account(database)).points == 19
    assert len(await inbox_rows(database.engine)) == 1


async def test_a_replay_under_a_new_event_id_awards_nothing_more(database, deliver):
    """The completion re-sent as a new event (new id): handled, but the order's points are not awarded again."""
    assert await deliver(completed()) is Outcome.HANDLED
    assert await deliver(completed()) is Outcome.HANDLED
    assert (await account(database)).points == 19
    assert [kind for kind, _, _ in await ledger(database)] == ["opened", "order_completed"]
    assert len(await inbox_rows(database.engine)) == 2


async def test_a_completion_before_the_registration_opens_the_account(database, deliver):
    """Events cross: the completed order opens the account; the registration arriving later changes nothing."""
    await deliver(completed(amount="5.00"))
    await deliver(registered())
    assert (await account(database)).points == 5
    assert await ledger(database) == [("opened", 0, None), ("order_completed", 5, "o-1")]


async def test_a_refund_reverses_the_orders_points_once(database, deliver):
    """The refund adds a reversal of minus the award; the same refund re-sent takes nothing more."""
    await deliver(completed("o-1", "19.98"))
    await deliver(completed("o-2", "12.00"))
    assert await deliver(refund_issued("o-1")) is Outcome.HANDLED
    assert await deliver(refund_issued("o-1")) is Outcome.HANDLED
    current = await account(database)
    assert current.points == 12
    assert [(e.kind.value, e.points, e.order_id) for e in current.entries][:1] == [("order_refunded", -19, "o-1")]
    assert (await ledger(database)).count(("order_refunded", -19, "o-1")) == 1


async def test_a_refund_of_an_order_without_points_records_nothing(database, deliver):
    """A refund for an order that earned nothing (the saga's compensation) adds no entry and opens no account."""
    assert await deliver(refund_issued("never-completed")) is Outcome.HANDLED
    assert await ledger(database) == []


async def test_a_refund_before_the_completion_leaves_no_points(database, deliver):
    """Refund first, completion later: the late completion is handled but awards nothing."""
    await deliver(registered())
    await deliver(refund_issued("o-1"))
    assert await deliver(completed("o-1")) is Outcome.HANDLED
    assert (await account(database)).points == 0
    assert await ledger(database) == [("opened", 0, None)]


async def test_entries_read_back_in_utc(database):
    """Times are written and read back as UTC, on SQLite (which keeps no zone) as on PostgreSQL."""
    moment = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    async with database.engine.begin() as connection:
        await handlers.award_order_points(
            AwardOrderPoints(customer_id=CUSTOMER_ID, order_id="o-1", total=Decimal("3")),
            accounts=SqlAccountRepository(connection), clock=lambda: moment)
    current = await account(database)
    assert current.opened_at == moment
    assert [entry.at for entry in current.entries] == [moment, moment]
