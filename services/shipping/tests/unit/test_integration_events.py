"""Domain events become published events that carry the shipment by its order and tracking number."""

import pytest

from musiccorp.shipping.adapters.integration_events import PUBLISHES, OrderPicked, integration_event
from musiccorp.shipping.domain.events import ShipmentCancelled, ShipmentCreated, ShipmentDispatched

ORDER_ID = "9a1f0c2e-6b3d-4e8f-a7c5-1d2e3f4a5b6c"
NUMBER = "MC48213907562"


@pytest.mark.parametrize("domain_event, event_type", [
    (ShipmentCreated, "shipping.shipment.created.v1"),
    (ShipmentDispatched, "shipping.shipment.dispatched.v1"),
    (ShipmentCancelled, "shipping.shipment.cancelled.v1"),
])
def test_each_domain_event_maps_to_its_published_event(domain_event, event_type):
    """The published event is about the order and carries only the order id and the tracking number."""
    event = integration_event(domain_event(ORDER_ID, NUMBER))
    assert (event.type, event.subject) == (event_type, ORDER_ID)
    assert event.data == {"order_id": ORDER_ID, "tracking_number": NUMBER}


def test_every_published_event_is_declared_with_its_schema():
    """The runtime is told of three events, each requiring exactly the order id and the tracking number."""
    assert len({spec.type for spec in PUBLISHES}) == 3
    for spec in PUBLISHES:
        assert spec.summary
        assert sorted(spec.schema["required"]) == ["order_id", "tracking_number"]


def test_the_picked_event_is_read_tolerantly():
    """Only order_id is needed: fields the warehouse adds later are ignored; a missing order_id is refused."""
    assert OrderPicked.model_validate({"order_id": "o-1", "picked_at": "now", "lines": 2}).order_id == "o-1"
    with pytest.raises(ValueError):
        OrderPicked.model_validate({"album_id": "a-1"})
