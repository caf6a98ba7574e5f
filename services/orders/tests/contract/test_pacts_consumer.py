"""Consumer-driven contracts: what the orders service needs of the catalog and of the saga's participants.

Orders' real adapters (on the chassis client) talk to Pact mock servers; the
interactions become the committed contracts ``contracts/pacts/orders-*.json``,
each verified by its provider's own test. Provider-state names are the ones
agreed for issue 4; every saga call is idempotent by order id, and the pacts
pin the keys that make it so.
"""

from __future__ import annotations

from pathlib import Path

from pact import Pact, match

from musiccorp.chassis.discovery import StaticRegistry
from musiccorp.chassis.http import HttpClient
from musiccorp.chassis.testing.pacts import publish_pact
from musiccorp.orders.adapters.catalog import HttpCatalog
from musiccorp.orders.adapters.participants import HttpPayments, HttpShipping, HttpWarehouse
from musiccorp.orders.domain.saga import Done, Refused

CONTRACTS = Path(__file__).resolve().parents[4] / "contracts" / "pacts"
JSON = "application/json"
JSON_FAMILY = match.regex("application/hal+json", regex=r"^application/(hal\+)?json(;.*)?$")
PROBLEM_TYPE = match.regex("application/problem+json", regex=r"^application/problem\+json(;.*)?$")
ORDER_A = "0c6b1f4e-9d2a-4f6e-8a51-3b7c2d1e0f9a"
ORDER_B = "7e3d2c1b-0a9f-4e8d-9c7b-6a5f4e3d2c1b"
ORDER_C = "3f2e1d0c-9b8a-4f7e-8d6c-5b4a3f2e1d0c"


def _pact(provider: str) -> Pact:
    return Pact("orders", provider).with_specification("V4")


async def _client(service: str, url: str):
    http = HttpClient()
    return http, http.for_service(service, registry=StaticRegistry({service: url}), timeout=5.0, retries=0)


def answers(interaction, status: int, body: dict | None = None):
    """``interaction`` answered ``status``, with ``body`` (if any) in any JSON content type."""
    interaction = interaction.will_respond_with(status)
    if body is None:
        return interaction
    return interaction.with_header("Content-Type", JSON_FAMILY, part="Response").with_body(body, part="Response")


def refuses(interaction, status: int, slug: str):
    """``interaction`` answered ``status`` with a problem document of type ``slug``."""
    return (interaction.will_respond_with(status).with_header("Content-Type", PROBLEM_TYPE, part="Response")
            .with_body({"type": match.regex(f"https://musiccorp.example/problems/{slug}", regex=rf"^.*/{slug}$"),
                        "status": status}, part="Response"))


async def test_orders_contract_with_the_warehouse(tmp_path, make_order, blue_river):
    """Reserve (held, or out of stock), confirm and release a reservation, each keyed by the order id."""
    pact = _pact("warehouse")
    answers(pact.upon_receiving("a reservation of an order's items")
            .given("album has stock", {"album_id": blue_river.id, "on_hand": 5})
            .with_request("PUT", f"/v1/reservations/{ORDER_A}")
            .with_body({"ship_to_country": "GB", "lines": [{"album_id": blue_river.id, "quantity": 1}]}, JSON),
            201, {"order_id": ORDER_A, "status": match.regex("held", regex=r"^held$")})
    refuses(pact.upon_receiving("a reservation of more than is on hand")
            .given("album has stock", {"album_id": blue_river.id, "on_hand": 1})
            .with_request("PUT", f"/v1/reservations/{ORDER_B}")
            .with_body({"ship_to_country": "GB", "lines": [{"album_id": blue_river.id, "quantity": 2}]}, JSON),
            409, "insufficient-stock")
    answers(pact.upon_receiving("a confirmation of a held reservation")
            .given("a reservation is held", {"order_id": ORDER_C, "album_id": blue_river.id})
            .with_request("PUT", f"/v1/reservations/{ORDER_C}/confirmation"), 200)
    answers(pact.upon_receiving("a release of a held reservation")
            .given("a reservation is held", {"order_id": ORDER_C, "album_id": blue_river.id})
            .with_request("DELETE", f"/v1/reservations/{ORDER_C}"), 204)

    with pact.serve() as server:
        http, client = await _client("warehouse", str(server.url))
        warehouse = HttpWarehouse(client)
        try:
            held = await warehouse.reserve(make_order(ORDER_A, lines=((blue_river, 1),)))
            short = await warehouse.reserve(make_order(ORDER_B, lines=((blue_river, 2),)))
            confirmed = await warehouse.confirm(make_order(ORDER_C))
            released = await warehouse.release(make_order(ORDER_C))
        finally:
            await http.close()
    assert (held, short, confirmed, released) == (Done(), Refused("Out of stock: Blue River"), Done(), Done())
    publish_pact(pact, contracts=CONTRACTS, scratch=tmp_path)


async def test_orders_contract_with_payments(tmp_path, make_order, blue_river, customer_id):
    """Take a payment (captured, or declined) and refund it, each with the order's Idempotency-Key."""
    def charge(order_id: str, token: str) -> dict:
        return {"order_id": order_id, "customer_id": customer_id, "card_token": token,
                "amount": {"amount": "9.99", "currency": "GBP"},
                "lines": [{"album_id": blue_river.id, "quantity": 1,
                           "unit_price": {"amount": "9.99", "currency": "GBP"}}]}

    pact = _pact("payments")
    answers(pact.upon_receiving("a payment for an order")
            .given("PayBuddy authorises charges")
            .with_request("POST", "/v1/payments").with_header("Idempotency-Key", f"charge-{ORDER_A}")
            .with_body(charge(ORDER_A, "tok_visa"), JSON),
            201, {"order_id": ORDER_A, "status": match.regex("captured", regex=r"^captured$")})
    refuses(pact.upon_receiving("a payment with a card that is declined")
            .given("PayBuddy declines charges")
            .with_request("POST", "/v1/payments").with_header("Idempotency-Key", f"charge-{ORDER_B}")
            .with_body(charge(ORDER_B, "tok_declined"), JSON),
            402, "payment-declined")
    answers(pact.upon_receiving("a refund of an order's payment")
            .given("a payment was captured for the order", {"order_id": ORDER_C})
            .with_request("POST", "/v1/refunds").with_header("Idempotency-Key", f"refund-{ORDER_C}")
            .with_body({"order_id": ORDER_C, "reason": "Out of stock: Blue River"}, JSON),
            201, {"order_id": ORDER_C, "status": match.regex("refunded", regex=r"^(refunded|nothing_to_refund)$")})

    with pact.serve() as server:
        http, client = await _client("payments", str(server.url))
        payments = HttpPayments(client)
        try:
            captured = await payments.charge(_with_token(make_order(ORDER_A, lines=((blue_river, 1),)), "tok_visa"))
            declined = await payments.charge(_with_token(make_order(ORDER_B, lines=((blue_river, 1),)),
                                                         "tok_declined"))
            refunded = await payments.refund(make_order(ORDER_C), reason="Out of stock: Blue River")
        finally:
            await http.close()
    assert (captured, declined, refunded) == (Done(), Refused("Your card was declined"), Done())
    publish_pact(pact, contracts=CONTRACTS, scratch=tmp_path)


def _with_token(order, token: str):
    order.card_token = token
    return order


async def test_orders_contract_with_shipping(tmp_path, make_order, blue_river, customer_id):
    """Create a shipment (a tracking number back) and call one off, both keyed by the order id."""
    pact = _pact("shipping")
    answers(pact.upon_receiving("a shipment for an order")
            .with_request("PUT", f"/v1/shipments/{ORDER_A}")
            .with_body({"customer_id": customer_id, "items": [{"album_id": blue_river.id, "quantity": 2}],
                        "address": {"name": "Nina Valdés", "line1": "12 Harbour Street", "line2": None,
                                    "city": "Bristol", "postcode": "BS1 4DJ", "country": "GB"}}, JSON),
            201, {"order_id": ORDER_A, "tracking_number": match.like("MC0C6B1F4E9D"),
                  "status": match.regex("awaiting_pick", regex=r"^awaiting_pick$")})
    answers(pact.upon_receiving("a cancellation of a shipment awaiting picking")
            .given("a shipment awaits picking", {"order_id": ORDER_C})
            .with_request("DELETE", f"/v1/shipments/{ORDER_C}"), 204)

    with pact.serve() as server:
        http, client = await _client("shipping", str(server.url))
        shipping = HttpShipping(client)
        try:
            created = await shipping.create_shipment(make_order(ORDER_A))
            cancelled = await shipping.cancel_shipment(make_order(ORDER_C))
        finally:
            await http.close()
    assert (created, cancelled) == (Done(tracking_number="MC0C6B1F4E9D"), Done())
    publish_pact(pact, contracts=CONTRACTS, scratch=tmp_path)


async def test_orders_contract_with_the_catalog(tmp_path, blue_river):
    """An album's title, artist and price; an album that does not exist is 404."""
    missing = "00000000-0000-5000-8000-000000000000"
    pact = _pact("catalog")
    answers(pact.upon_receiving("a request for an album to price")
            .given("an album exists", {"id": blue_river.id})
            .with_request("GET", f"/v1/albums/{blue_river.id}"),
            200, {"id": blue_river.id, "title": match.like("Blue River"),
                  "artist": {"id": match.like("artist-1"), "name": match.like("Nina Valdés")},
                  "price": {"amount": match.regex("9.99", regex=r"^\d+\.\d{2}$"),
                            "currency": match.regex("GBP", regex=r"^[A-Z]{3}$")}})
    refuses(pact.upon_receiving("a request for an album to price that does not exist")
            .given("no album exists", {"id": missing})
            .with_request("GET", f"/v1/albums/{missing}"), 404, "album-not-found")

    with pact.serve() as server:
        http, client = await _client("catalog", str(server.url))
        catalog = HttpCatalog(client)
        try:
            album = await catalog.album(blue_river.id)
            absent = await catalog.album(missing)
        finally:
            await http.close()
    assert (album, absent) == (blue_river, None)
    publish_pact(pact, contracts=CONTRACTS, scratch=tmp_path)
