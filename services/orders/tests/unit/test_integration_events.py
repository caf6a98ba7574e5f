"""Each move of an order becomes a published event carrying the order by reference (ADR 0006)."""

from datetime import UTC, datetime

import pytest

from musiccorp.orders.adapters.integration_events import PUBLISHES, integration_event
from musiccorp.orders.domain.events import OrderEvent
from musiccorp.orders.domain.model import Status

AT = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize("status", [s for s in Status if s is not Status.CANCELLED])
def test_each_move_is_published_with_ids_uris_and_total(status, make_order, customer_id):
    """orders.order.<status>.v1, subject the order, data {order_id, order_uri, customer_id, customer_uri, total}."""
    order = make_order()
    event = integration_event(order, OrderEvent(order.id, status, AT))
    assert (event.type, event.subject, event.time) == (f"orders.order.{status.value}.v1", order.id, AT)
    assert event.data == {"order_id": order.id, "order_uri": f"http://orders/v1/orders/{order.id}",
                          "customer_id": customer_id, "customer_uri": f"http://customers/v1/customers/{customer_id}",
                          "total": {"amount": "19.98", "currency": "GBP"}}


def test_a_cancellation_carries_the_reason(make_order):
    """orders.order.cancelled.v1 adds the reason the customer was given."""
    order = make_order()
    event = integration_event(order, OrderEvent(order.id, Status.CANCELLED, AT, "Your card was declined"))
    assert event.data["reason"] == "Your card was declined"


def test_six_events_are_declared_each_with_its_schema():
    """The runtime is told of one event per status, each schema requiring the reference and the total."""
    assert [spec.type for spec in PUBLISHES] == [f"orders.order.{s.value}.v1" for s in Status]
    for spec in PUBLISHES:
        assert spec.summary
        assert {"order_id", "order_uri", "customer_id", "customer_uri", "total"} <= set(spec.schema["required"])
