"""The shipment's state machine: awaiting_pick → dispatched | cancelled, and repeats that change nothing."""

import pytest

from musiccorp.shipping.domain.errors import AlreadyDispatched, IllegalTransition, InvalidShipment
from musiccorp.shipping.domain.events import ShipmentCancelled, ShipmentCreated, ShipmentDispatched
from musiccorp.shipping.domain.model import Action, Address, Item, Shipment, Status, items


def test_a_new_shipment_awaits_picking_and_records_its_creation(address, clock):
    """Creating a shipment records ShipmentCreated with the order and tracking number."""
    shipment = Shipment.create(order_id="o-1", customer_id="c-1", address=address, items=(Item("a-1", 1),),
                               tracking_number="MC00000000000", at=clock())
    assert shipment.status is Status.AWAITING_PICK
    assert shipment.events == [ShipmentCreated(order_id="o-1", tracking_number="MC00000000000")]
    assert shipment.allowed_actions == {Action.DISPATCH, Action.CANCEL}


def test_dispatching_stamps_the_time_and_records_the_event(stored_shipment, clock):
    """awaiting_pick --dispatch--> dispatched, with dispatched_at and one ShipmentDispatched."""
    shipment = stored_shipment()
    moment = clock()
    assert shipment.dispatch(at=moment) is True
    assert (shipment.status, shipment.dispatched_at) == (Status.DISPATCHED, moment)
    assert shipment.events == [ShipmentDispatched(shipment.order_id, shipment.tracking_number)]
    assert shipment.allowed_actions == frozenset()


def test_cancelling_stamps_the_time_and_records_the_event(stored_shipment, clock):
    """awaiting_pick --cancel--> cancelled, with cancelled_at and one ShipmentCancelled."""
    shipment = stored_shipment()
    moment = clock()
    assert shipment.cancel(at=moment) is True
    assert (shipment.status, shipment.cancelled_at) == (Status.CANCELLED, moment)
    assert shipment.events == [ShipmentCancelled(shipment.order_id, shipment.tracking_number)]


@pytest.mark.parametrize("status, action", [(Status.DISPATCHED, "dispatch"), (Status.CANCELLED, "cancel")])
def test_repeating_what_is_done_changes_nothing(stored_shipment, clock, status, action):
    """Dispatching a dispatched shipment, or cancelling a cancelled one, succeeds with no change and no event."""
    shipment = stored_shipment(status)
    assert getattr(shipment, action)(at=clock()) is False
    assert (shipment.status, shipment.events) == (status, [])


def test_a_dispatched_shipment_cannot_be_cancelled(stored_shipment, clock):
    """Cancelling after dispatch raises AlreadyDispatched (an IllegalTransition) and changes nothing."""
    shipment = stored_shipment(Status.DISPATCHED)
    with pytest.raises(AlreadyDispatched, match="left the warehouse") as refused:
        shipment.cancel(at=clock())
    assert isinstance(refused.value, IllegalTransition)
    assert (shipment.status, shipment.cancelled_at, shipment.events) == (Status.DISPATCHED, None, [])


def test_a_cancelled_shipment_cannot_be_dispatched(stored_shipment, clock):
    """Dispatching a cancelled shipment raises IllegalTransition naming the state."""
    shipment = stored_shipment(Status.CANCELLED)
    with pytest.raises(IllegalTransition, match="cancelled cannot dispatch"):
        shipment.dispatch(at=clock())
    assert shipment.status is Status.CANCELLED


def test_equal_contents_compare_equal_in_any_order(address):
    """Items are kept in one order, so a repeat listing them differently is the same request."""
    first = items([Item("b", 1), Item("a", 2)])
    assert first == items([Item("a", 2), Item("b", 1)]) == (Item("a", 2), Item("b", 1))


@pytest.mark.parametrize("lines, reason", [
    ([], "1 to 100 items"),
    ([Item("a", 1), Item("a", 2)], "listed once"),
])
def test_contents_must_be_some_distinct_albums(lines, reason):
    """No items, or one album listed twice, is an InvalidShipment."""
    with pytest.raises(InvalidShipment, match=reason):
        items(lines)


@pytest.mark.parametrize("make", [
    lambda: Item("a", 0), lambda: Item("a", 101), lambda: Item(" a", 1),
    lambda: Address(name=" ", line1="1 Quay", city="Bristol", postcode="BS1", country="GB"),
    lambda: Address(name="Nina", line1="1 Quay", city="Bristol", postcode="BS1", country="gb"),
    lambda: Address(name="Nina\x07", line1="1 Quay", city="Bristol", postcode="BS1", country="GB"),
], ids=["no-copies", "too-many-copies", "bad-album-id", "blank-name", "lower-case-country", "control-character"])
def test_invalid_parts_are_refused(make):
    """Quantities outside 1..100, malformed ids, blank or control-character text, bad countries: InvalidShipment."""
    with pytest.raises(InvalidShipment):
        make()


def test_addresses_are_normalised():
    """Blanks around fields are stripped and a blank second line is none at all."""
    address = Address(name=" Nina ", line1=" 1 Quay ", line2="  ", city="Bristol ", postcode=" BS1", country="GB")
    assert (address.name, address.line1, address.line2, address.city, address.postcode) == (
        "Nina", "1 Quay", None, "Bristol", "BS1")
