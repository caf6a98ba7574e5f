"""Shipments, their outbox and their inbox on real databases: SQLite (embedded) and PostgreSQL (production).

A change and the events announcing it are written in one transaction (ADR 0005);
a picked order is dispatched inside the consumer's transaction, with its inbox row.
"""

import asyncio
import json
from dataclasses import replace

import pytest

from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.chassis.events import DeliveryProcessor, Envelope, Event, InMemoryPublisher, Outcome
from musiccorp.chassis.testing import FakeDelivery, inbox_rows, outbox_rows
from musiccorp.chassis.testing.databases import row_count
from musiccorp.shipping.adapters.repository import SqlShipmentRepository
from musiccorp.shipping.adapters.tables import shipments
from musiccorp.shipping.adapters.unit_of_work import SqlUnitOfWork
from musiccorp.shipping.bootstrap import bootstrap
from musiccorp.shipping.config import ShippingSettings
from musiccorp.shipping.domain.commands import CancelShipment
from musiccorp.shipping.domain.errors import ShipmentDiffers
from musiccorp.shipping.domain.model import Status
from musiccorp.shipping.domain.tracking import tracking_number
from musiccorp.shipping.entrypoints.consumer import subscriptions
from musiccorp.shipping.service_layer import handlers

SOURCE = "/musiccorp/shipping"


@pytest.fixture
def uow(database, notified):
    """Units of work on the chassis' test ``database`` (the shipping schema); relay wake-ups go to ``notified``."""
    return lambda: SqlUnitOfWork(database.engine, source=SOURCE, notify=lambda: notified.append("outbox"))


@pytest.fixture
async def deliver(database_url, database, clock):
    """Hand a delivery to the real picked-order consumer, through the chassis' inbox processing."""
    shipping = bootstrap(ShippingSettings(database_url=database_url), registry=InMemoryRegistry(), clock=clock)
    (subscription,) = subscriptions(shipping)
    processor = DeliveryProcessor(subscription, service="shipping", engine=database.engine,
                                  dead_letters=InMemoryPublisher())
    yield processor.process
    await shipping.runtime.database.dispose()


def picked_event(order_id: str) -> FakeDelivery:
    return FakeDelivery.of(Event(type="warehouse.order.picked.v1", subject=order_id, data={"order_id": order_id}),
                           source="/musiccorp/warehouse")


async def count(database) -> int:
    return await row_count(database, shipments)


async def test_a_request_writes_the_shipment_and_one_outbox_row(database, uow, clock, shipment_request, notified):
    """One shipment row and one shipping.shipment.created.v1 row carrying order id and tracking number."""
    command = shipment_request()
    shipment, created = await handlers.request_shipment(command, uow=uow(), clock=clock)
    assert created and await count(database) == 1
    [row] = await outbox_rows(database.engine)
    assert (row.type, row.subject, row.published_at) == ("shipping.shipment.created.v1", command.order_id, None)
    envelope = json.loads(row.body)
    assert envelope["source"] == SOURCE
    assert envelope["data"] == {"order_id": command.order_id, "tracking_number": shipment.tracking_number}
    assert notified == ["outbox"]


async def test_a_stored_shipment_reads_back_whole(uow, clock, shipment_request):
    """Address, items, times and status survive the round trip (times in UTC)."""
    command = shipment_request()
    created, _ = await handlers.request_shipment(command, uow=uow(), clock=clock)
    stored = await handlers.find_shipment(command.order_id, uow=uow())
    assert (stored.address, stored.items, stored.status, stored.version) == (
        command.address, command.items, Status.AWAITING_PICK, 1)
    assert stored.created_at == created.created_at and stored.created_at.utcoffset().total_seconds() == 0


async def test_the_same_request_again_writes_nothing(database, uow, clock, shipment_request, other_address):
    """A repeat answers with the stored shipment; other details are refused; one row, one event, either way."""
    first, _ = await handlers.request_shipment(shipment_request(), uow=uow(), clock=clock)
    again, created = await handlers.request_shipment(shipment_request(), uow=uow(), clock=clock)
    assert not created and again.tracking_number == first.tracking_number
    with pytest.raises(ShipmentDiffers):
        await handlers.request_shipment(shipment_request(address=other_address), uow=uow(), clock=clock)
    assert (await count(database), len(await outbox_rows(database.engine))) == (1, 1)


async def test_concurrent_requests_for_one_order_make_one_shipment(database, uow, clock, shipment_request):
    """Five requests for one order at once: one is created, the others answer with it; one event."""
    results = await asyncio.gather(*(handlers.request_shipment(shipment_request(), uow=uow(), clock=clock)
                                     for _ in range(5)))
    assert sorted(created for _, created in results) == [False, False, False, False, True]
    assert len({shipment.tracking_number for shipment, _ in results}) == 1
    assert (await count(database), len(await outbox_rows(database.engine))) == (1, 1)


async def test_a_clash_of_tracking_numbers_takes_the_next_candidate(database, uow, clock, shipment_request,
                                                                    stored_shipment):
    """When the unique constraint refuses the order's first candidate, the shipment gets its second."""
    command = shipment_request()
    holder = replace(stored_shipment(order_id="other", tracking_number=tracking_number(command.order_id)), version=0)
    async with database.engine.begin() as connection:
        await SqlShipmentRepository(connection).store(holder)
    shipment, created = await handlers.request_shipment(command, uow=uow(), clock=clock)
    assert created and shipment.tracking_number == tracking_number(command.order_id, attempt=1)
    assert await count(database) == 2


async def test_a_picked_order_is_dispatched_once_through_the_inbox(database, uow, clock, shipment_request, deliver):
    """The picked event dispatches the shipment and records dispatched.v1; its redelivery is a duplicate."""
    command = shipment_request()
    await handlers.request_shipment(command, uow=uow(), clock=clock)
    delivery = picked_event(command.order_id)
    assert await deliver(delivery) is Outcome.HANDLED
    assert await deliver(delivery.redelivered()) is Outcome.DUPLICATE
    stored = await handlers.find_shipment(command.order_id, uow=uow())
    assert stored.status is Status.DISPATCHED and stored.dispatched_at is not None
    assert [row.type for row in await outbox_rows(database.engine)] == [
        "shipping.shipment.created.v1", "shipping.shipment.dispatched.v1"]
    assert await inbox_rows(database.engine) == [(Envelope.from_bytes(delivery.body).id,
                                                  "shipping__warehouse_order_picked_v1")]


async def test_a_second_picked_event_for_the_order_dispatches_nothing_more(database, uow, clock, shipment_request,
                                                                           deliver):
    """Another event id for the same pick (a replay) is handled, but the shipment is dispatched only once."""
    command = shipment_request()
    await handlers.request_shipment(command, uow=uow(), clock=clock)
    assert await deliver(picked_event(command.order_id)) is Outcome.HANDLED
    assert await deliver(picked_event(command.order_id)) is Outcome.HANDLED
    assert [row.type for row in await outbox_rows(database.engine)].count("shipping.shipment.dispatched.v1") == 1
    assert len(await inbox_rows(database.engine)) == 2


async def test_a_pick_for_an_unknown_or_cancelled_shipment_is_recorded_and_ignored(database, uow, clock,
                                                                                   shipment_request, deliver):
    """No shipment, or a cancelled one: the event is handled (inbox row), nothing is dispatched."""
    command = shipment_request()
    await handlers.request_shipment(command, uow=uow(), clock=clock)
    await handlers.cancel_shipment(CancelShipment(command.order_id), uow=uow(), clock=clock)
    assert await deliver(picked_event(command.order_id)) is Outcome.HANDLED
    assert await deliver(picked_event("never-shipped")) is Outcome.HANDLED
    assert (await handlers.find_shipment(command.order_id, uow=uow())).status is Status.CANCELLED
    assert [row.type for row in await outbox_rows(database.engine)] == [
        "shipping.shipment.created.v1", "shipping.shipment.cancelled.v1"]
    assert len(await inbox_rows(database.engine)) == 2


async def test_a_picked_event_without_an_order_id_is_retried_then_dead_lettered(database, deliver):
    """A picked event shipping cannot read is not acknowledged as handled: it is retried, then dead-lettered."""
    broken = FakeDelivery.of(Event(type="warehouse.order.picked.v1", subject="x", data={"album_id": "a-1"}))
    assert await deliver(broken) is Outcome.RETRIED
    assert await deliver(FakeDelivery(body=broken.body, subject=broken.subject, attempt=5)) is Outcome.DEAD_LETTERED
    assert await inbox_rows(database.engine) == []
