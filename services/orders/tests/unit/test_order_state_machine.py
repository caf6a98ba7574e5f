"""The order's lifecycle: every legal move, every illegal one refused (practice 4.9)."""

from datetime import UTC, datetime

import pytest

from musiccorp.orders.domain.errors import IllegalTransition, InvalidOrder
from musiccorp.orders.domain.events import OrderEvent
from musiccorp.orders.domain.model import FINAL, NEXT, Order, OrderLine, Status

LATER = datetime(2026, 11, 25, 10, 5, tzinfo=UTC)
FORWARD = [Status.PLACED, Status.STOCK_RESERVED, Status.PAID, Status.SHIPPED, Status.COMPLETED]


def order_in(status: Status, make_order) -> Order:
    order = make_order()
    for target in FORWARD[1:FORWARD.index(status) + 1] if status in FORWARD else ():
        order.advance(target, at=LATER)
    if status is Status.CANCELLED:
        order.cancel("Your card was declined", at=LATER)
    order.events.clear()
    return order


def test_a_placed_order_is_version_one_with_its_placed_event(make_order):
    """Placing yields status placed, version 1, one history entry and one OrderPlaced event."""
    order = make_order()
    assert (order.status, order.version) == (Status.PLACED, 1)
    assert [entry.status for entry in order.history] == [Status.PLACED]
    assert order.events == [OrderEvent(order.id, Status.PLACED, order.placed_at)]


@pytest.mark.parametrize("state, target", list(NEXT.items()))
def test_each_state_advances_to_the_next_one(state, target, make_order):
    """The one legal step forward moves the status, bumps the version, and records history and event."""
    order = order_in(state, make_order)
    version = order.version
    order.advance(target, at=LATER, tracking_number="MC1" if target is Status.SHIPPED else None)
    assert (order.status, order.version, order.updated_at) == (target, version + 1, LATER)
    assert order.history[-1].status is target
    assert order.events == [OrderEvent(order.id, target, LATER)]


@pytest.mark.parametrize("state", [s for s in Status if s not in FINAL])
def test_any_state_not_final_can_be_cancelled_with_a_reason(state, make_order):
    """Cancelling keeps the reason for the customer and records it on the event."""
    order = order_in(state, make_order)
    order.cancel("Out of stock: Blue River", at=LATER)
    assert (order.status, order.cancellation_reason) == (Status.CANCELLED, "Out of stock: Blue River")
    assert order.events == [OrderEvent(order.id, Status.CANCELLED, LATER, "Out of stock: Blue River")]


ILLEGAL = [(state, target) for state in Status for target in Status
           if target is not Status.PLACED and NEXT.get(state) is not target
           and not (target is Status.CANCELLED and state not in FINAL)]


@pytest.mark.parametrize("state, target", ILLEGAL)
def test_every_other_move_is_refused_and_changes_nothing(state, target, make_order):
    """Skipping a step, going back, or leaving a final state raises IllegalTransition naming both states."""
    order = order_in(state, make_order)
    version = order.version
    with pytest.raises(IllegalTransition, match=f"that is {state.value} cannot become {target.value}"):
        if target is Status.CANCELLED:
            order.cancel("too late", at=LATER)
        else:
            order.advance(target, at=LATER)
    assert (order.status, order.version, order.events) == (state, version, [])


def test_the_tables_cover_every_pair_of_states():
    """Legal moves (forward, cancel) and the illegal ones are together every (state, target) pair."""
    legal = set(NEXT.items()) | {(state, Status.CANCELLED) for state in Status if state not in FINAL}
    assert legal | set(ILLEGAL) == {(s, t) for s in Status for t in Status if t is not Status.PLACED}
    assert not legal & set(ILLEGAL)


def test_shipping_keeps_the_tracking_number(make_order):
    """The shipped move stores the tracking number the shipping service gave."""
    order = order_in(Status.PAID, make_order)
    order.advance(Status.SHIPPED, at=LATER, tracking_number="MC0C6B1F4E")
    assert order.tracking_number == "MC0C6B1F4E"


def test_the_total_is_the_sum_of_the_lines(make_order, blue_river, night_train):
    """2 × 9.99 + 1 × 12.50 = 32.48."""
    order = make_order(lines=((blue_river, 2), (night_train, 1)))
    assert order.total.amount == "32.48"


@pytest.mark.parametrize("change, field", [
    ({"lines": []}, "lines"),
    ({"quantity": 0}, "quantity"),
    ({"quantity": 11}, "quantity"),
    ({"twice": True}, "lines"),
    ({"card_token": "tok with blank"}, "card_token"),
    ({"customer_id": "no/slashes"}, "customer_id"),
])
def test_an_invalid_order_is_refused(change, field, blue_river, address):
    """Empty lines, a quantity outside 1..10, an album twice, a bad token or customer id raise InvalidOrder."""
    line = OrderLine(blue_river.id, blue_river.title, change.get("quantity", 1), blue_river.price)
    lines = [] if "lines" in change else [line, line] if change.get("twice") else [line]
    with pytest.raises(InvalidOrder) as raised:
        Order.place(order_id="o-1", customer_id=change.get("customer_id", "c-1"), lines=lines,
                    shipping_address=address, card_token=change.get("card_token", "tok_visa"), at=LATER)
    assert raised.value.field == field
