"""Order mails recorded from events on real databases (SQLite and PostgreSQL), then sent by the sender.

The events go through loyalty-style inbox processing (the chassis' own), so a
redelivery and a replay under a new event id are exercised below the broker;
the records are read through fake directories.
"""

from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import select

from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.chassis.events import DeliveryProcessor, Event, InMemoryPublisher, Outcome
from musiccorp.chassis.testing import FakeDelivery
from musiccorp.notifications.adapters.tables import mails as mails_table
from musiccorp.notifications.bootstrap import MIGRATIONS, bootstrap
from musiccorp.notifications.config import NotificationsSettings
from musiccorp.notifications.domain.model import MailStatus
from musiccorp.notifications.entrypoints.consumer import subscriptions
from musiccorp.notifications.entrypoints.sender import MailSender

ORDER_URI = "http://orders/v1/orders/o-1"
CUSTOMER_URI = "http://customers/v1/customers/c-1"


@pytest.fixture
async def notifications(database_url, directory, orders, mailer):
    """The service on a migrated database, with fake directories and a fake mail relay."""
    notifications = bootstrap(NotificationsSettings(database_url=database_url), directory=directory, orders=orders,
                              mailer=mailer, registry=InMemoryRegistry())
    await notifications.runtime.database.migrate()
    yield notifications
    await notifications.runtime.database.dispose()


@pytest.fixture
def deliver(notifications):
    """Hand a delivery to the subscription of its event type, as the chassis consumer does."""
    processors = {s.event_type: DeliveryProcessor(s, service="notifications",
                                                  engine=notifications.runtime.database.engine,
                                                  dead_letters=InMemoryPublisher())
                  for s in subscriptions(notifications)}

    async def deliver(delivery: FakeDelivery) -> Outcome:
        return await processors[delivery.subject].process(delivery)

    return deliver


def completed() -> FakeDelivery:
    return FakeDelivery.of(Event(type="orders.order.completed.v1", subject="o-1", data={
        "order_id": "o-1", "order_uri": ORDER_URI, "customer_id": "c-1", "customer_uri": CUSTOMER_URI,
        "total": {"amount": "32.47", "currency": "GBP"}}), source="/musiccorp/orders")


def cancelled() -> FakeDelivery:
    return FakeDelivery.of(Event(type="orders.order.cancelled.v1", subject="o-1", data={
        "order_id": "o-1", "order_uri": ORDER_URI, "customer_id": "c-1", "customer_uri": CUSTOMER_URI,
        "total": {"amount": "32.47", "currency": "GBP"}, "reason": "Your card was declined"}),
        source="/musiccorp/orders")


async def test_a_completed_order_records_one_confirmation(notifications, deliver):
    """The event records a pending confirmation to the customer; its redelivery is skipped by the inbox."""
    delivery = completed()
    assert await deliver(delivery) is Outcome.HANDLED
    assert await deliver(delivery.redelivered()) is Outcome.DUPLICATE
    [mail] = await notifications.repository.for_customer("c-1")
    assert (mail.to, mail.subject, mail.status) == ("ada@example.com", "Your MusicCorp order is on its way",
                                                    MailStatus.PENDING)
    assert "2 × Kind of Blue" in mail.body and "Total: £32.47" in mail.body and "MC48213907562" in mail.body


async def test_a_completion_replayed_under_a_new_id_mails_once(notifications, deliver, orders):
    """The same completion as a new event is handled, but no second mail is recorded and nothing re-read."""
    assert await deliver(completed()) is Outcome.HANDLED
    assert await deliver(completed()) is Outcome.HANDLED
    assert len(await notifications.repository.for_customer("c-1")) == 1
    assert orders.lookups == [ORDER_URI]


async def test_orders_down_leaves_the_event_to_be_retried(notifications, deliver, orders):
    """When the order cannot be read the delivery is retried and no mail is recorded."""
    orders.orders.clear()
    assert await deliver(completed()) is Outcome.RETRIED
    assert await notifications.repository.for_customer("c-1") == []


async def test_a_cancelled_order_records_the_notice(notifications, deliver):
    """The cancellation event records a short mail giving the reason."""
    assert await deliver(cancelled()) is Outcome.HANDLED
    [mail] = await notifications.repository.for_customer("c-1")
    assert mail.subject == "Your MusicCorp order was cancelled"
    assert "Your order was cancelled: Your card was declined" in mail.body


async def test_the_sender_sends_the_recorded_mails(notifications, deliver, mailer):
    """The sender hands the recorded mails to the relay and marks them sent."""
    await deliver(completed())
    await deliver(cancelled())
    assert await MailSender(notifications).run_once() == 2
    assert sorted(mail.subject for mail in mailer.sent) == ["Your MusicCorp order is on its way",
                                                           "Your MusicCorp order was cancelled"]
    assert {mail.status for mail in await notifications.repository.for_customer("c-1")} == {MailStatus.SENT}


def _upgrade_to(connection, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


async def test_mails_recorded_before_0002_stay_unique_by_their_event(database_url, directory, orders, mailer):
    """Migration 0002 makes each existing mail about its event, and then refuses a second mail about one thing."""
    notifications = bootstrap(NotificationsSettings(database_url=database_url), directory=directory, orders=orders,
                              mailer=mailer, registry=InMemoryRegistry())
    engine = notifications.runtime.database.engine
    old = {"customer_id": "c-1", "to_address": "ada@example.com", "subject": "Welcome", "body": "Hello",
           "status": "sent", "created_at": datetime(2026, 1, 1, tzinfo=UTC)}
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_upgrade_to, "0001")
            for number in (1, 2):
                await connection.execute(mails_table.insert().values(id=f"m-{number}", event_id=f"e-{number}",
                                                                     **old))
        await notifications.runtime.database.migrate()
        async with engine.connect() as connection:
            abouts = (await connection.execute(select(mails_table.c.about).order_by(mails_table.c.id))).scalars()
            assert list(abouts) == ["event:e-1", "event:e-2"]
        with pytest.raises(Exception, match="(?i)unique|duplicate"):
            async with engine.begin() as connection:
                await connection.execute(mails_table.insert().values(id="m-3", event_id="e-3", about="event:e-1",
                                                                     **old))
    finally:
        await notifications.runtime.database.dispose()
