"""The use cases, driven through the in-memory unit of work."""

from dataclasses import replace

import pytest

from musiccorp.shipping.adapters.memory import InMemoryUnitOfWork
from musiccorp.shipping.domain.commands import CancelShipment, DispatchShipment
from musiccorp.shipping.domain.errors import (
    AlreadyDispatched,
    ShipmentDiffers,
    ShipmentNotFound,
    TrackingNumberNotFound,
    TrackingNumberTaken,
)
from musiccorp.shipping.domain.events import ShipmentCancelled, ShipmentCreated, ShipmentDispatched
from musiccorp.shipping.domain.model import Item, Status
from musiccorp.shipping.domain.tracking import tracking_number
from musiccorp.shipping.service_layer import handlers
from musiccorp.shipping.service_layer.handlers import TRACKING_ATTEMPTS, Dispatch


async def test_requesting_creates_a_shipment_awaiting_pick(uow, clock, shipment_request):
    """A first request stores the shipment with the order's tracking number and publishes ShipmentCreated."""
    command = shipment_request()
    shipment, created = await handlers.request_shipment(command, uow=uow, clock=clock)
    assert created
    assert (shipment.status, shipment.tracking_number) == (Status.AWAITING_PICK, tracking_number(command.order_id))
    assert uow.published == [ShipmentCreated(command.order_id, shipment.tracking_number)]
    assert (await handlers.find_shipment(command.order_id, uow=uow)).version == 1


async def test_the_same_request_again_answers_with_the_same_shipment(uow, clock, shipment_request):
    """Repeating a request (items in another order too) creates nothing and returns the first shipment."""
    first, _ = await handlers.request_shipment(shipment_request(), uow=uow, clock=clock)
    command = shipment_request()
    again, created = await handlers.request_shipment(replace(command, items=tuple(reversed(command.items))),
                                                     uow=uow, clock=clock)
    assert not created
    assert (again.tracking_number, again.created_at) == (first.tracking_number, first.created_at)
    assert (uow.commits, len(uow.published)) == (1, 1)


@pytest.mark.parametrize("change", [
    {"customer_id": "someone-else"},
    {"items": (Item("album-1", 1),)},
    {"address": "other"},
], ids=["customer", "items", "address"])
async def test_another_request_for_the_order_is_refused(uow, clock, shipment_request, other_address, change):
    """Other details for an order that has its shipment raise ShipmentDiffers and change nothing."""
    await handlers.request_shipment(shipment_request(), uow=uow, clock=clock)
    if change.get("address") == "other":
        change = {"address": other_address}
    with pytest.raises(ShipmentDiffers):
        await handlers.request_shipment(replace(shipment_request(), **change), uow=uow, clock=clock)
    assert uow.commits == 1


async def test_a_taken_tracking_number_moves_to_the_orders_next_candidate(uow, clock, shipment_request,
                                                                          stored_shipment):
    """When another shipment holds the order's first candidate, the second candidate is used."""
    command = shipment_request()
    holder = stored_shipment(order_id="another-order", tracking_number=tracking_number(command.order_id))
    uow.stored[holder.order_id] = holder
    shipment, created = await handlers.request_shipment(command, uow=uow, clock=clock)
    assert created
    assert shipment.tracking_number == tracking_number(command.order_id, attempt=1)


async def test_giving_up_after_every_candidate_is_taken(uow, clock, shipment_request, stored_shipment):
    """If all candidates are taken (never, in practice), TrackingNumberTaken is raised and nothing is stored."""
    command = shipment_request()
    for attempt in range(TRACKING_ATTEMPTS):
        holder = stored_shipment(order_id=f"other-{attempt}",
                                 tracking_number=tracking_number(command.order_id, attempt=attempt))
        uow.stored[holder.order_id] = holder
    with pytest.raises(TrackingNumberTaken):
        await handlers.request_shipment(command, uow=uow, clock=clock)
    assert command.order_id not in uow.stored


class TwinCommitsFirst(InMemoryUnitOfWork):
    """Our read finds no shipment, then a concurrent twin's commit lands just before ours."""

    def __init__(self, twin: dict) -> None:
        super().__init__()
        self.twin = twin

    async def _commit(self, changed) -> None:
        self.stored.update(self.twin)
        self.twin = {}
        await super()._commit(changed)


async def test_a_request_that_lost_the_race_answers_as_a_repeat(clock, shipment_request):
    """If a concurrent twin stored the shipment between our read and our commit, we answer with the twin's."""
    command = shipment_request()
    twins = InMemoryUnitOfWork()
    twin, _ = await handlers.request_shipment(command, uow=twins, clock=clock)
    uow = TwinCommitsFirst(twins.stored)
    shipment, created = await handlers.request_shipment(command, uow=uow, clock=clock)
    assert not created
    assert (shipment.tracking_number, shipment.created_at) == (twin.tracking_number, twin.created_at)
    assert (uow.commits, uow.published) == (0, [])


async def test_cancelling_an_awaiting_shipment_publishes_cancelled(uow, clock, shipment_request):
    """DELETE semantics: an awaiting shipment becomes cancelled, once; cancelling again changes nothing."""
    command = shipment_request()
    created, _ = await handlers.request_shipment(command, uow=uow, clock=clock)
    cancelled = await handlers.cancel_shipment(CancelShipment(command.order_id), uow=uow, clock=clock)
    again = await handlers.cancel_shipment(CancelShipment(command.order_id), uow=uow, clock=clock)
    assert (cancelled.status, again.status) == (Status.CANCELLED, Status.CANCELLED)
    assert uow.published == [ShipmentCreated(command.order_id, created.tracking_number),
                             ShipmentCancelled(command.order_id, created.tracking_number)]


async def test_cancelling_nothing_is_a_success(uow, clock):
    """Cancelling the shipment of an order that has none returns None: nothing to undo."""
    assert await handlers.cancel_shipment(CancelShipment("no-such-order"), uow=uow, clock=clock) is None
    assert uow.commits == 0


async def test_a_dispatched_shipment_is_not_cancelled(uow, clock, stored_shipment):
    """Cancelling after dispatch raises AlreadyDispatched and commits nothing."""
    shipment = stored_shipment(Status.DISPATCHED)
    uow.stored[shipment.order_id] = shipment
    with pytest.raises(AlreadyDispatched):
        await handlers.cancel_shipment(CancelShipment(shipment.order_id), uow=uow, clock=clock)
    assert uow.commits == 0


async def test_a_picked_order_is_dispatched_once(uow, clock, stored_shipment):
    """The first pick dispatches and publishes; a second one reports it was already dispatched."""
    shipment = stored_shipment()
    uow.stored[shipment.order_id] = shipment
    first = await handlers.dispatch_shipment(DispatchShipment(shipment.order_id), uow=uow, clock=clock)
    again = await handlers.dispatch_shipment(DispatchShipment(shipment.order_id), uow=uow, clock=clock)
    assert (first, again) == (Dispatch.DISPATCHED, Dispatch.ALREADY_DISPATCHED)
    assert uow.published == [ShipmentDispatched(shipment.order_id, shipment.tracking_number)]
    assert uow.stored[shipment.order_id].dispatched_at is not None


async def test_a_pick_for_no_or_a_cancelled_shipment_changes_nothing(uow, clock, stored_shipment):
    """Unknown order: UNKNOWN; cancelled shipment: CANCELLED; neither commits."""
    cancelled = stored_shipment(Status.CANCELLED)
    uow.stored[cancelled.order_id] = cancelled
    assert await handlers.dispatch_shipment(DispatchShipment("nobody"), uow=uow, clock=clock) is Dispatch.UNKNOWN
    assert await handlers.dispatch_shipment(DispatchShipment(cancelled.order_id), uow=uow,
                                            clock=clock) is Dispatch.CANCELLED
    assert (uow.commits, uow.stored[cancelled.order_id].status) == (0, Status.CANCELLED)


async def test_tracking_finds_the_shipment_by_its_number(uow, clock, shipment_request):
    """A valid number finds its shipment; a typo or an unknown number raises TrackingNumberNotFound."""
    created, _ = await handlers.request_shipment(shipment_request(), uow=uow, clock=clock)
    assert (await handlers.track(created.tracking_number, uow=uow)).order_id == created.order_id
    typo = created.tracking_number[:-1] + str((int(created.tracking_number[-1]) + 1) % 10)
    for number in (typo, tracking_number("unknown-order"), "nonsense"):
        with pytest.raises(TrackingNumberNotFound):
            await handlers.track(number, uow=uow)


async def test_an_unknown_order_has_no_shipment(uow):
    """find_shipment raises ShipmentNotFound for an order without one."""
    with pytest.raises(ShipmentNotFound):
        await handlers.find_shipment("nobody", uow=uow)
