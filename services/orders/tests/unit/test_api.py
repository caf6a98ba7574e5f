"""The HTTP API with its saga runner, over the in-memory unit of work, the catalog and the participants faked.

The same routes over SQLite and PostgreSQL are exercised by the integration and contract tests.
"""

import pytest
from starlette.testclient import TestClient

from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.orders.adapters.memory import FakeCatalog
from musiccorp.orders.bootstrap import bootstrap
from musiccorp.orders.config import OrdersSettings
from musiccorp.orders.domain.saga import Refused
from musiccorp.orders.entrypoints.api import create_app


@pytest.fixture
def client(uow, catalog: FakeCatalog, participants):
    settings = OrdersSettings(saga_first_retry_seconds=0.001)
    orders = bootstrap(settings, registry=InMemoryRegistry(), uow=lambda: uow, catalog=catalog,
                       participants=participants)
    with TestClient(create_app(orders)) as client:
        yield client


def assert_problem(response, status: int, slug: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"].endswith(f"/{slug}")
    return problem


def place(client, body: dict, key: str = "key-1"):
    return client.post("/v1/orders", json=body, headers={"Idempotency-Key": key})


def settled(client, order: dict) -> dict:
    """The order once its saga ended: long-poll until it is completed or cancelled."""
    for _ in range(10):
        if order["status"] in ("completed", "cancelled"):
            return order
        order = client.get(order["_links"]["self"]["href"], params={"wait": 5, "version_gt": order["version"]}).json()
    raise AssertionError(f"order still {order['status']}")


def test_an_unknown_customer_has_an_empty_cart(client, customer_id):
    """GET /v1/carts/{id} for a customer who never put anything answers 200, no items, 0.00, no checkout link."""
    response = client.get(f"/v1/carts/{customer_id}")
    assert response.status_code == 200 and response.headers["content-type"] == "application/hal+json"
    assert response.json() == {"customer_id": customer_id, "items": [], "item_count": 0,
                               "total": {"amount": "0.00", "currency": "GBP"},
                               "_links": {"self": {"href": f"/v1/carts/{customer_id}"}}}


def test_a_cart_holds_what_was_put_and_removed(client, customer_id, blue_river, night_train):
    """PUT items (again: a new quantity), DELETE one; every answer is the whole cart."""
    client.put(f"/v1/carts/{customer_id}/items/{blue_river.id}", json={"quantity": 1})
    client.put(f"/v1/carts/{customer_id}/items/{night_train.id}", json={"quantity": 1})
    cart = client.put(f"/v1/carts/{customer_id}/items/{blue_river.id}", json={"quantity": 3}).json()
    assert [(i["title"], i["artist"], i["quantity"], i["line_total"]["amount"]) for i in cart["items"]] == [
        ("Blue River", "Nina Valdés", 3, "29.97"), ("Night Train", "The Quays", 1, "12.50")]
    assert (cart["item_count"], cart["total"]["amount"], cart["_links"]["checkout"]) == (
        4, "42.47", {"href": "/v1/orders"})
    after = client.delete(f"/v1/carts/{customer_id}/items/{night_train.id}").json()
    assert [i["album_id"] for i in after["items"]] == [blue_river.id]
    assert client.get(f"/v1/carts/{customer_id}").json() == after


@pytest.mark.parametrize("album_id, body, status, slug", [
    ("no-such-album", {"quantity": 1}, 422, "unknown-album"),
    ("1f0c7d1e-8a53-5bd4-9c0e-6a8f0f3c2a11", {"quantity": 11}, 422, "validation-error"),
    ("1f0c7d1e-8a53-5bd4-9c0e-6a8f0f3c2a11", {"quantity": 0}, 422, "validation-error"),
])
def test_a_bad_cart_item_is_422_problem(client, customer_id, album_id, body, status, slug):
    """An album the catalog lacks, or a quantity outside 1..10, answers 422 problem+json."""
    assert_problem(client.put(f"/v1/carts/{customer_id}/items/{album_id}", json=body), status, slug)


def test_a_cart_item_while_the_catalog_is_down_is_503(client, catalog, customer_id, blue_river):
    """Prices come only from the catalog: without it, 503 problem with Retry-After."""
    catalog.available = False
    response = client.put(f"/v1/carts/{customer_id}/items/{blue_river.id}", json={"quantity": 1})
    assert_problem(response, 503, "catalog-unavailable")
    assert response.headers["retry-after"] == "5"


def test_placing_an_order_answers_201_with_location_etag_and_the_order(client, order_body, customer_id, blue_river):
    """POST /v1/orders: 201, Location of the order, ETag its version, priced by the catalog; the cart is emptied."""
    client.put(f"/v1/carts/{customer_id}/items/{blue_river.id}", json={"quantity": 2})
    response = place(client, order_body())
    assert response.status_code == 201, response.text
    order = response.json()
    assert response.headers["location"] == order["_links"]["self"]["href"] == f"/v1/orders/{order['id']}"
    assert response.headers["etag"] == f'"{order["version"]}"'
    assert (order["status"], order["version"], order["total"]) == ("placed", 1, {"amount": "19.98",
                                                                                 "currency": "GBP"})
    assert order["lines"] == [{"album_id": blue_river.id, "title": "Blue River", "quantity": 2,
                               "unit_price": {"amount": "9.99", "currency": "GBP"},
                               "line_total": {"amount": "19.98", "currency": "GBP"}}]
    assert order["_links"]["customer"] == {"href": f"http://customers/v1/customers/{customer_id}"}
    assert client.get(f"/v1/carts/{customer_id}").json()["items"] == []


def test_a_placed_order_moves_to_completed_and_the_long_poll_follows_it(client, order_body):
    """The saga runs in the app: waiting past each version, the caller sees every state up to completed."""
    order = place(client, order_body()).json()
    seen = [order["status"]]
    while order["status"] != "completed":
        response = client.get(f"/v1/orders/{order['id']}", params={"wait": 5, "version_gt": order["version"]})
        order = response.json()
        assert response.headers["etag"] == f'"{order["version"]}"'
        seen.append(order["status"])
    assert [entry["status"] for entry in order["history"]] == ["placed", "stock_reserved", "paid", "shipped",
                                                               "completed"]
    assert order["version"] == 5 and order["tracking_number"].startswith("MC")
    assert seen[-1] == "completed"


def test_a_declined_card_cancels_the_order_with_the_reason(client, participants, order_body):
    """The saga's refusal reaches the customer as cancellation_reason."""
    participants.payments.will("take_payment", Refused("Your card was declined"))
    order = settled(client, place(client, order_body()).json())
    assert (order["status"], order["cancellation_reason"]) == ("cancelled", "Your card was declined")


def test_the_same_key_and_body_again_answer_200_with_the_same_order(client, order_body):
    """A retried POST places nothing new: 200, the same order and Location."""
    first = place(client, order_body())
    again = place(client, order_body())
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["location"] == first.headers["location"]


def test_the_same_key_with_another_body_is_422(client, order_body):
    """A key reused for a different order answers 422 idempotency-key-reused."""
    place(client, order_body())
    assert_problem(place(client, order_body(card_token="tok_other")), 422, "idempotency-key-reused")


def test_an_order_without_idempotency_key_is_400(client, order_body):
    """No Idempotency-Key header: 400 idempotency-key-required, nothing placed."""
    assert_problem(client.post("/v1/orders", json=order_body()), 400, "idempotency-key-required")


@pytest.mark.parametrize("change, slug", [
    ({"lines": []}, "validation-error"),
    ({"lines": [{"album_id": "1f0c7d1e-8a53-5bd4-9c0e-6a8f0f3c2a11", "quantity": 11}]}, "validation-error"),
    ({"lines": [{"album_id": "no-such-album", "quantity": 1}]}, "unknown-album"),
    ({"lines": [{"album_id": "1f0c7d1e-8a53-5bd4-9c0e-6a8f0f3c2a11", "quantity": 1}] * 2}, "invalid-order"),
])
def test_an_order_the_rules_refuse_is_422(client, order_body, change, slug):
    """Empty lines, a quantity over 10, an unknown album, an album twice: 422 problem."""
    assert_problem(place(client, {**order_body(), **change}), 422, slug)


def test_an_order_while_the_catalog_is_down_is_503(client, catalog, order_body):
    """No prices, no order: 503 problem."""
    catalog.available = False
    assert_problem(place(client, order_body()), 503, "catalog-unavailable")


def test_an_unknown_order_is_404_also_when_waited_for(client):
    """GET of an order nobody placed answers 404, long-poll or not."""
    assert_problem(client.get("/v1/orders/nope"), 404, "order-not-found")
    assert_problem(client.get("/v1/orders/nope", params={"wait": 1, "version_gt": 0}), 404, "order-not-found")


def test_a_wait_over_30_seconds_is_422(client):
    """wait is bounded: 31 answers 422."""
    assert_problem(client.get("/v1/orders/any", params={"wait": 31, "version_gt": 0}), 422, "validation-error")


def test_a_customers_orders_are_listed_newest_first(client, order_body, customer_id):
    """GET /v1/orders?customer_id= embeds their orders, newest first, with a count; others' are not there."""
    first = place(client, order_body(), "key-1").json()
    second = place(client, order_body(card_token="tok_2"), "key-2").json()
    place(client, order_body(customer_id="someone-else"), "key-3")
    listing = client.get("/v1/orders", params={"customer_id": customer_id}).json()
    assert listing["count"] == 2
    assert [o["id"] for o in listing["_embedded"]["orders"]] == [second["id"], first["id"]]


def test_the_openapi_document_requires_the_idempotency_key():
    """POST /v1/orders documents Idempotency-Key as a required header, and 201 with Location and ETag."""
    app = create_app(bootstrap(OrdersSettings(), registry=InMemoryRegistry(), catalog=FakeCatalog()))
    operation = app.openapi()["paths"]["/v1/orders"]["post"]
    [parameter] = operation["parameters"]
    assert (parameter["name"], parameter["in"], parameter["required"]) == ("Idempotency-Key", "header", True)
    assert set(operation["responses"]["201"]["headers"]) == {"Location", "ETag"}


def test_asyncapi_lists_the_six_order_events(catalog, participants):
    """/asyncapi.json documents every orders.order.* event with its data schema."""
    orders = bootstrap(OrdersSettings(), registry=InMemoryRegistry(), catalog=catalog, participants=participants)
    document = TestClient(create_app(orders)).get("/asyncapi.json").json()  # no lifespan needed: nothing starts
    sent = {op["channel"]["$ref"].rsplit("/", 1)[-1] for op in document["operations"].values()
            if op["action"] == "send"}
    assert sent == {f"orders.order.{name}.v1" for name in ("placed", "stock_reserved", "paid", "shipped",
                                                             "completed", "cancelled")}
    data = document["components"]["messages"]["orders.order.cancelled.v1"]["payload"]["properties"]["data"]
    assert set(data["required"]) == {"order_id", "order_uri", "customer_id", "customer_uri", "total", "reason"}
