"""The HTTP API over the fake unit of work and over the real one on an in-memory SQLite database."""

import pytest
from starlette.testclient import TestClient

from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.shipping.adapters.memory import InMemoryUnitOfWork
from musiccorp.shipping.bootstrap import bootstrap
from musiccorp.shipping.config import ShippingSettings
from musiccorp.shipping.domain.commands import DispatchShipment
from musiccorp.shipping.domain.model import Status
from musiccorp.shipping.entrypoints.api import create_app
from musiccorp.shipping.service_layer import handlers

IN_MEMORY_SQLITE = "sqlite+aiosqlite:///:memory:"
ORDER = "/v1/shipments/9a1f0c2e-6b3d-4e8f-a7c5-1d2e3f4a5b6c"
ADDRESS = {"name": "Nina Valdés", "line1": "12 Harbour Street", "city": "Bristol", "postcode": "BS1 4DJ",
           "country": "GB"}
BODY = {"customer_id": "7d1e8c1a-2f4b-4c57-9a0e-3b6f1d2c4e5a", "address": ADDRESS,
        "items": [{"album_id": "album-1", "quantity": 1}, {"album_id": "album-2", "quantity": 2}]}


@pytest.fixture(params=["fake", "sqlite"])
def shipping(request):
    settings = ShippingSettings(database_url=IN_MEMORY_SQLITE)
    if request.param == "fake":
        uow = InMemoryUnitOfWork()
        return bootstrap(settings, uow=lambda: uow, registry=InMemoryRegistry())
    return bootstrap(settings, registry=InMemoryRegistry())


@pytest.fixture
def client(shipping):
    with TestClient(create_app(shipping)) as client:
        yield client


@pytest.fixture
def shipment(client) -> dict:
    return client.put(ORDER, json=BODY).json()


def assert_problem(response, status: int, slug: str) -> dict:
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"].endswith(f"/{slug}")
    return problem


def test_putting_a_shipment_answers_201_with_location_and_hal(client):
    """PUT answers 201, the shipment's Location, and its HAL representation, awaiting pick."""
    response = client.put(ORDER, json=BODY)
    assert response.status_code == 201
    assert response.headers["content-type"] == "application/hal+json"
    body = response.json()
    assert response.headers["location"] == body["_links"]["self"]["href"] == ORDER
    assert (body["status"], body["dispatched_at"], body["address"]) == ("awaiting_pick", None,
                                                                         {**ADDRESS, "line2": None})
    assert body["items"] == BODY["items"]
    assert body["_links"]["tracking"] == {"href": f"/v1/tracking/{body['tracking_number']}"}
    assert body["_links"]["order"] == {"href": "http://orders/v1/orders/9a1f0c2e-6b3d-4e8f-a7c5-1d2e3f4a5b6c"}
    assert set(body["_links"]) == {"self", "tracking", "order", "cancel"}


def test_the_same_body_again_answers_200_with_the_same_shipment(client, shipment):
    """A repeated PUT (items in another order) is 200 and the very same shipment."""
    response = client.put(ORDER, json={**BODY, "items": list(reversed(BODY["items"]))})
    assert response.status_code == 200
    assert response.json() == shipment


def test_another_body_for_the_order_is_422(client, shipment):
    """A PUT with another address for an order that has a shipment is 422 shipment-differs."""
    response = client.put(ORDER, json={**BODY, "address": {**ADDRESS, "city": "Bath"}})
    assert "already has a shipment" in assert_problem(response, 422, "shipment-differs")["detail"]
    assert client.get(ORDER).json() == shipment


@pytest.mark.parametrize("change", [
    {"items": []},
    {"items": [{"album_id": "album-1", "quantity": 0}]},
    {"items": [{"album_id": "album-1", "quantity": 1}, {"album_id": "album-1", "quantity": 2}]},
    {"address": {**ADDRESS, "country": "gb"}},
    {"address": {**ADDRESS, "name": "  "}},
    {"customer_id": ""},
], ids=["no-items", "no-copies", "album-twice", "lower-case-country", "blank-name", "no-customer"])
def test_an_invalid_body_is_422_saying_where(client, change):
    """Malformed bodies are refused with 422 problem+json locating the field; nothing is created."""
    problem = assert_problem(client.put(ORDER, json={**BODY, **change}), 422, "validation-error")
    field = next(iter(change))
    assert any(error["location"].startswith(f"body.{field}") for error in problem["errors"])
    assert client.get(ORDER).status_code == 404


def test_a_malformed_order_id_is_422(client):
    """An order id with characters no id has is refused before anything is looked up."""
    assert_problem(client.put("/v1/shipments/not%20an%20id", json=BODY), 422, "validation-error")


def test_cancelling_answers_204_and_again_204(client, shipment):
    """DELETE cancels (204), the shipment reads cancelled without a cancel link, and DELETE again is 204."""
    assert client.delete(ORDER).status_code == 204
    body = client.get(ORDER).json()
    assert (body["status"], set(body["_links"])) == ("cancelled", {"self", "tracking", "order"})
    assert body["cancelled_at"] is not None
    assert client.delete(ORDER).status_code == 204


def test_cancelling_nothing_is_204(client):
    """DELETE for an order that has no shipment is 204: nothing to undo."""
    assert client.delete(ORDER).status_code == 204


def test_cancelling_a_dispatched_shipment_is_409(shipping, client, shipment):
    """Once dispatched, DELETE is 409 already-dispatched and the shipment stays dispatched."""
    _dispatch(shipping, client, shipment["order_id"])
    assert_problem(client.delete(ORDER), 409, "already-dispatched")
    assert client.get(ORDER).json()["status"] == "dispatched"


def _dispatch(shipping, client, order_id: str) -> None:
    """As the picked-order consumer does; on the app's own event loop, where its database lives."""

    async def dispatch() -> None:
        await handlers.dispatch_shipment(DispatchShipment(order_id), uow=shipping.uow(),
                                         clock=shipping.clock)

    client.portal.call(dispatch)


def test_an_unknown_shipment_is_404(client):
    """GET for an order without a shipment is 404 shipment-not-found."""
    assert_problem(client.get(ORDER), 404, "shipment-not-found")


def test_tracking_shows_status_and_dates_but_no_address(client, shipment):
    """The public view has the number, status and dates — no address, customer, order or items."""
    response = client.get(shipment["_links"]["tracking"]["href"])
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/hal+json"
    assert response.json() == {"tracking_number": shipment["tracking_number"], "status": "awaiting_pick",
                               "created_at": shipment["created_at"], "dispatched_at": None, "cancelled_at": None,
                               "_links": {"self": shipment["_links"]["tracking"]}}


def test_tracking_answers_304_when_nothing_changed(client, shipment):
    """With the ETag of the current view, the tracking page is an empty 304."""
    href = shipment["_links"]["tracking"]["href"]
    etag = client.get(href).headers["etag"]
    assert client.get(href, headers={"If-None-Match": etag}).status_code == 304


@pytest.mark.parametrize("number", ["MC00000000000", "MC12345678901", "garbage"])
def test_an_unknown_or_mistyped_tracking_number_is_404(client, number):
    """A number nobody holds, a wrong check digit or nonsense: 404 tracking-number-not-found."""
    assert_problem(client.get(f"/v1/tracking/{number}"), 404, "tracking-number-not-found")


def test_asyncapi_lists_what_shipping_sends_and_receives():
    """/asyncapi.json documents the three shipment events sent and warehouse.order.picked.v1 received."""
    shipping = bootstrap(ShippingSettings(database_url=IN_MEMORY_SQLITE), registry=InMemoryRegistry())
    with TestClient(create_app(shipping)) as client:
        document = client.get("/asyncapi.json").json()
    actions = {op["channel"]["$ref"].rsplit("/", 1)[-1]: op["action"] for op in document["operations"].values()}
    assert actions == {"shipping.shipment.created.v1": "send", "shipping.shipment.dispatched.v1": "send",
                       "shipping.shipment.cancelled.v1": "send", "warehouse.order.picked.v1": "receive"}


def test_statuses_are_documented():
    """The OpenAPI document names exactly the shipment's states."""
    shipping = bootstrap(ShippingSettings(), uow=InMemoryUnitOfWork, registry=InMemoryRegistry())
    document = create_app(shipping).openapi()
    assert set(document["components"]["schemas"]["ShipmentRead"]["properties"]["status"]["enum"]) == set(Status)
