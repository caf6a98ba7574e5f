"""Consumer-driven contract: what the cart, checkout and order pages need from orders (ADR 0006).

The storefront's real orders adapter (``HttpOrders`` on the chassis client)
talks to a Pact mock of orders; the interactions are the committed contract
``contracts/pacts/storefront-orders.json``, verified by orders' own provider test.
Only the fields the pages read are pinned, and every content type of the JSON
family is accepted, so orders may grow its documents freely.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pact import Pact, match

from musiccorp.chassis.discovery import StaticRegistry
from musiccorp.chassis.http import HttpClient
from musiccorp.chassis.testing.pacts import publish_pact
from musiccorp.storefront.adapters.orders_client import HttpOrders
from musiccorp.storefront.domain.commands import LineRequest, PlaceOrder
from musiccorp.storefront.domain.orders import ShippingAddress

CONTRACTS = Path(__file__).resolve().parents[4] / "contracts" / "pacts"
CUSTOMER_ID = "5b1d2c4e-2f0a-4c55-9f7e-3c1f6f4b8a21"
NEW_CUSTOMER_ID = "0d4b6f0e-9a51-4c47-8e0f-2d1f3a5b7c90"
ALBUM_ID = "1f0c7d1e-8a53-5bd4-9c0e-6a8f0f3c2a11"
ORDER_ID = "7a3c9e10-5b2d-4e8f-9a61-0c4d2e6f8b13"
KEY = "c0ffee00-1dea-4bad-9e11-5eed5eed5eed"

JSON_FAMILY = match.regex("application/hal+json", regex=r"^application/(hal\+)?json(;.*)?$")
MONEY = {"amount": match.regex("9.99", regex=r"^\d+\.\d{2}$"), "currency": match.regex("GBP", regex=r"^[A-Z]{3}$")}
ITEM = {"album_id": match.like(ALBUM_ID), "title": match.like("Blue River"), "artist": match.like("Nina Valdés"),
        "unit_price": MONEY, "quantity": match.int(1), "line_total": MONEY}
ADDRESS = {"name": match.like("Ada Lovelace"), "line1": match.like("12 St James's Square"),
           "city": match.like("London"), "postcode": match.like("SW1Y 4JH"),
           "country": match.regex("GB", regex=r"^[A-Z]{2}$")}
STATUS = match.regex("placed", regex=r"^(placed|stock_reserved|paid|shipped|completed|cancelled)$")
ORDER = {
    "id": match.like(ORDER_ID), "customer_id": match.like(CUSTOMER_ID), "status": STATUS, "version": match.int(1),
    "total": MONEY, "placed_at": match.like("2026-11-25T10:00:00+00:00"),
    "lines": match.each_like({"album_id": match.like(ALBUM_ID), "title": match.like("Blue River"),
                              "quantity": match.int(1), "unit_price": MONEY, "line_total": MONEY}, min=1),
    "history": match.each_like({"status": STATUS, "at": match.like("2026-11-25T10:00:00+00:00")}, min=1),
    "shipping_address": ADDRESS,
}
ADA = PlaceOrder(customer_id=CUSTOMER_ID, card_token="tok_visa_4242", lines=(LineRequest(ALBUM_ID, 2),),
                 shipping_address=ShippingAddress(name="Ada Lovelace", line1="12 St James's Square", city="London",
                                                  postcode="SW1Y 4JH", country="GB"))


@pytest.fixture
def pact(tmp_path):
    pact = Pact("storefront", "orders").with_specification("V4")
    yield pact
    publish_pact(pact, contracts=CONTRACTS, scratch=tmp_path)


def ok(interaction, body: dict):
    """``interaction`` answered 200 with ``body`` in any JSON content type."""
    return (interaction.will_respond_with(200).with_header("Content-Type", JSON_FAMILY, part="Response")
            .with_body(body, part="Response"))


async def test_storefront_contract_with_orders(pact):
    """Every call the pages make: a cart read, changed, emptied and started; an order placed under an
    idempotency key, read, long-polled, and listed with the customer's others."""
    cart = {"customer_id": CUSTOMER_ID, "items": match.each_like(ITEM, min=1), "total": MONEY}
    has_cart = {"customer_id": CUSTOMER_ID, "album_id": ALBUM_ID}
    items = f"/v1/carts/{CUSTOMER_ID}/items/{ALBUM_ID}"
    ok(pact.upon_receiving("a request for a customer's cart").given("a customer has a cart", has_cart)
       .with_request("GET", f"/v1/carts/{CUSTOMER_ID}"), cart)
    ok(pact.upon_receiving("a new quantity of an album in a cart").given("a customer has a cart", has_cart)
       .with_request("PUT", items).with_body({"quantity": 3}, content_type="application/json"), cart)
    ok(pact.upon_receiving("an album taken out of a cart").given("a customer has a cart", has_cart)
       .with_request("DELETE", items), {"customer_id": CUSTOMER_ID, "items": [], "total": MONEY})
    ok(pact.upon_receiving("an album put in an empty cart").given("an album exists in the catalog",
                                                                  {"album_id": ALBUM_ID})
       .with_request("PUT", f"/v1/carts/{NEW_CUSTOMER_ID}/items/{ALBUM_ID}")
       .with_body({"quantity": 1}, content_type="application/json"),
       {"customer_id": NEW_CUSTOMER_ID, "items": match.each_like(ITEM, min=1), "total": MONEY})

    order_path = f"/v1/orders/{ORDER_ID}"
    (pact.upon_receiving("an order placed with an idempotency key")
        .with_request("POST", "/v1/orders").with_header("Idempotency-Key", match.uuid(KEY))
        .with_body({"customer_id": CUSTOMER_ID, "card_token": match.like("tok_visa_4242"),
                    "lines": match.each_like({"album_id": match.like(ALBUM_ID), "quantity": match.int(2)}, min=1),
                    "shipping_address": ADDRESS}, content_type="application/json")
        .will_respond_with(201).with_header("Content-Type", JSON_FAMILY).with_body({"id": match.like(ORDER_ID)}))
    exists = {"order_id": ORDER_ID, "customer_id": CUSTOMER_ID}
    ok(pact.upon_receiving("a request for an order").given("an order exists", exists)
       .with_request("GET", order_path), {**ORDER, "id": ORDER_ID, "customer_id": CUSTOMER_ID})
    ok(pact.upon_receiving("a long poll for a newer version of an order").given("an order exists", exists)
       .with_request("GET", order_path).with_query_parameters({"wait": "25", "version_gt": "0"}),
       {**ORDER, "id": ORDER_ID, "customer_id": CUSTOMER_ID})
    ok(pact.upon_receiving("a request for a customer's orders")
       .given("the customer has orders", {"customer_id": CUSTOMER_ID})
       .with_request("GET", "/v1/orders").with_query_parameters({"customer_id": CUSTOMER_ID}),
       {"_embedded": {"orders": match.each_like({**ORDER, "customer_id": CUSTOMER_ID}, min=1)},
        "count": match.int(1)})

    with pact.serve() as server:
        http, orders = _orders(str(server.url))
        try:
            read = await orders.cart(CUSTOMER_ID)
            changed = await orders.set_quantity(CUSTOMER_ID, ALBUM_ID, 3)
            emptied = await orders.remove(CUSTOMER_ID, ALBUM_ID)
            fresh = await orders.set_quantity(NEW_CUSTOMER_ID, ALBUM_ID, 1)
            placed = await orders.place(ADA, idempotency_key=KEY)
            order = await orders.order(ORDER_ID)
            polled = await orders.order(ORDER_ID, wait=25, version_gt=0)
            history = await orders.orders_of(CUSTOMER_ID)
        finally:
            await http.close()
    assert (read.lines[0].title, str(read.total)) == ("Blue River", "£9.99")
    assert changed.lines[0].album_id == ALBUM_ID
    assert (emptied.lines, emptied.count) == ((), 0)
    assert fresh.count == 1
    assert placed == ORDER_ID
    assert (order.id, order.customer_id, str(order.total)) == (ORDER_ID, CUSTOMER_ID, "£9.99")
    assert order.lines[0].title == "Blue River" and order.shipping_address.postcode == "SW1Y 4JH"
    assert polled.version == 1
    assert [o.customer_id for o in history] == [CUSTOMER_ID]


def _orders(url: str) -> tuple[HttpClient, HttpOrders]:
    http = HttpClient()
    return http, HttpOrders(http.for_service("orders", registry=StaticRegistry({"orders": url}), timeout=5.0,
                                             retries=0))
