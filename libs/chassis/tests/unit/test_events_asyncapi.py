"""The AsyncAPI document, /asyncapi.json, and the runtime's event surface without a broker."""

import pytest
from starlette.testclient import TestClient

from musiccorp.chassis import ServiceManifest, ServiceRuntime, ServiceSettings, create_service_app
from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.chassis.events import EventSpec, Subscription, asyncapi_document

REGISTERED = EventSpec("customers.customer.registered.v1", {"type": "object", "required": ["customer_id"],
                                                            "properties": {"customer_id": {"type": "string"}}},
                       summary="A customer registered.")
ORDER_PLACED = EventSpec("orders.order.placed.v1", {"type": "object"})
MANIFEST = ServiceManifest(name="customers", description="Customer records.", owner="crm-team", tier=2,
                           on_call="crm@musiccorp.example", version="2.0.0")


def test_document_lists_channels_messages_and_operations():
    """Each event gets a channel on its subject, a message with its schema, and a send or receive operation."""
    document = asyncapi_document("customers", "2.0.0", "Customer records.", [REGISTERED], [ORDER_PLACED])
    assert document["asyncapi"] == "3.0.0"
    assert document["info"] == {"title": "MusicCorp customers", "version": "2.0.0", "description": "Customer records."}
    assert document["channels"]["customers.customer.registered.v1"]["address"] == "customers.customer.registered.v1"
    send = document["operations"]["send_customers.customer.registered.v1"]
    assert send["action"] == "send"
    assert send["channel"] == {"$ref": "#/channels/customers.customer.registered.v1"}
    assert document["operations"]["receive_orders.order.placed.v1"]["action"] == "receive"
    message = document["components"]["messages"]["customers.customer.registered.v1"]
    assert message["contentType"] == "application/cloudevents+json"
    assert message["summary"] == "A customer registered."
    assert message["payload"]["properties"]["data"] == REGISTERED.schema
    assert message["payload"]["properties"]["type"] == {"const": REGISTERED.type}


def test_every_reference_resolves():
    """All $ref pointers in the document point at something it defines."""
    document = asyncapi_document("customers", "1", "", [REGISTERED], [ORDER_PLACED])

    def refs(node):
        if isinstance(node, dict):
            if "$ref" in node:
                yield node["$ref"]
            for value in node.values():
                yield from refs(value)
        elif isinstance(node, list):
            for value in node:
                yield from refs(value)

    for ref in refs(document):
        target = document
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]


def _runtime(tmp_path, **events) -> ServiceRuntime:
    settings = ServiceSettings(database_url=f"sqlite+aiosqlite:///{tmp_path}/svc.db", instance_id="customers-1")
    return ServiceRuntime(settings=settings, manifest=MANIFEST, registry=InMemoryRegistry(), **events)


async def _noop(envelope, connection):
    return None


def test_service_serves_its_asyncapi_document(tmp_path):
    """A service that publishes or consumes serves /asyncapi.json, subscriptions without a spec included."""
    runtime = _runtime(tmp_path, publishes=[REGISTERED], subscriptions=[Subscription(ORDER_PLACED.type, _noop)])
    with TestClient(create_service_app(runtime)) as client:
        document = client.get("/asyncapi.json").json()
        assert "/asyncapi.json" not in client.get("/openapi.json").json()["paths"]
        assert client.get("/health/ready").json()["checks"].keys() == {"database"}  # no broker: nothing started
    assert set(document["operations"]) == {"send_customers.customer.registered.v1",
                                           "receive_orders.order.placed.v1"}


def test_service_without_events_has_no_asyncapi_document(tmp_path):
    """/asyncapi.json is 404 for a service with no events."""
    with TestClient(create_service_app(_runtime(tmp_path)), raise_server_exceptions=False) as client:
        assert client.get("/asyncapi.json").status_code == 404


def test_runtime_names_its_source_and_tolerates_notify_without_a_broker(tmp_path):
    """source is /musiccorp/<service>; notify_outbox is a no-op when no relay runs."""
    runtime = _runtime(tmp_path, publishes=[REGISTERED])
    assert runtime.source == "/musiccorp/customers"
    runtime.notify_outbox()


async def test_events_need_a_database():
    """A runtime that publishes but has no database refuses to start with a broker."""
    settings = ServiceSettings(instance_id="x", nats_url="nats://127.0.0.1:1")
    runtime = ServiceRuntime(settings=settings, manifest=MANIFEST, use_database=False, publishes=[REGISTERED],
                             registry=InMemoryRegistry())
    with pytest.raises(ValueError, match="database"):
        await runtime.start()
