"""Domain events become published events that name the order by reference (ADR 0005, 0006)."""

import pytest

from musiccorp.warehouse.adapters.integration_events import PUBLISHES, integration_event
from musiccorp.warehouse.domain.events import (
    OrderPicked,
    ReservationConfirmed,
    ReservationExpired,
    ReservationHeld,
    ReservationReleased,
)
from musiccorp.warehouse.domain.lines import Line

ORDER = "9d2f6a4e-1c3b-4f7a-8e5d-2b6c1a0f9e84"
LINES = (Line("a", 1),)


@pytest.mark.parametrize("domain_event, event_type", [
    (ReservationHeld(ORDER, LINES), "warehouse.reservation.held.v1"),
    (ReservationConfirmed(ORDER, LINES), "warehouse.reservation.confirmed.v1"),
    (ReservationReleased(ORDER, LINES), "warehouse.reservation.released.v1"),
    (ReservationExpired(ORDER, LINES), "warehouse.reservation.expired.v1"),
    (OrderPicked(ORDER), "warehouse.order.picked.v1"),
])
def test_each_domain_event_maps_to_its_published_event(domain_event, event_type):
    """The published event is about the order and carries only its id and the reservation's URI, no lines."""
    event = integration_event(domain_event)
    assert (event.type, event.subject) == (event_type, ORDER)
    assert event.data == {"order_id": ORDER, "reservation_uri": f"http://warehouse/v1/reservations/{ORDER}"}


def test_every_published_event_is_declared_with_its_schema():
    """The runtime is told of five events, each with a summary and a schema requiring the id and the URI."""
    assert len({spec.type for spec in PUBLISHES}) == 5
    for spec in PUBLISHES:
        assert spec.summary
        assert sorted(spec.schema["required"]) == ["order_id", "reservation_uri"]
