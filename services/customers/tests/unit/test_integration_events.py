"""Domain events become published events that carry the customer by reference (practice 4.12)."""

import pytest

from musiccorp.customers.adapters.integration_events import PUBLISHES, integration_event
from musiccorp.customers.domain.events import (
    AddressChanged,
    CustomerClosed,
    CustomerReactivated,
    CustomerRegistered,
    CustomerSuspended,
)

CUSTOMER_ID = "7d1e8c1a-2f4b-4c57-9a0e-3b6f1d2c4e5a"


@pytest.mark.parametrize("domain_event, event_type", [
    (CustomerRegistered, "customers.customer.registered.v1"),
    (AddressChanged, "customers.customer.address_changed.v1"),
    (CustomerSuspended, "customers.customer.suspended.v1"),
    (CustomerReactivated, "customers.customer.reactivated.v1"),
    (CustomerClosed, "customers.customer.closed.v1"),
])
def test_each_domain_event_maps_to_its_published_event(domain_event, event_type):
    """The published event has its subject, is about the customer, and carries only the id and the URI."""
    event = integration_event(domain_event(CUSTOMER_ID))
    assert (event.type, event.subject) == (event_type, CUSTOMER_ID)
    assert event.data == {"customer_id": CUSTOMER_ID, "customer_uri": f"http://customers/v1/customers/{CUSTOMER_ID}"}


def test_every_published_event_is_declared_with_its_schema():
    """The runtime is told of five events, each with a schema requiring exactly the id and the URI."""
    assert len({spec.type for spec in PUBLISHES}) == 5
    for spec in PUBLISHES:
        assert spec.summary
        assert sorted(spec.schema["required"]) == ["customer_id", "customer_uri"]
