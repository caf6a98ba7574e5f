"""The HTTP adapters read every answer as a saga outcome (or an album), over the chassis' mock transport."""

import orjson
import pytest
from multidict import CIMultiDict

from musiccorp.chassis.discovery import StaticRegistry
from musiccorp.chassis.http import HttpClient, MockTransport, Response
from musiccorp.orders.adapters.catalog import HttpCatalog
from musiccorp.orders.adapters.participants import HttpPayments, HttpShipping, HttpWarehouse
from musiccorp.orders.domain.errors import CatalogUnavailable
from musiccorp.orders.domain.saga import Done, Refused, Unavailable

PROBLEM = "application/problem+json"


def answer(status: int, body: dict | None = None, content_type: str = "application/json") -> Response:
    return Response(status, CIMultiDict({"Content-Type": content_type}), orjson.dumps(body) if body else b"")


def problem(status: int, slug: str, **extra) -> Response:
    return answer(status, {"type": f"https://musiccorp.example/problems/{slug}", "status": status,
                           "title": slug, "detail": f"{slug} happened", **extra}, PROBLEM)


@pytest.fixture
def wire():
    """A client of service ``name`` whose every call is answered by ``replies`` in turn (or raises it)."""
    def wire(name: str, *replies: Response | Exception):
        queue = list(replies)

        def handler(request):
            reply = queue.pop(0) if len(queue) > 1 else queue[0]
            if isinstance(reply, Exception):
                raise reply
            return reply

        transport = MockTransport(handler)
        http = HttpClient(transport=transport, propagators=())
        return http.for_service(name, registry=StaticRegistry({name: f"http://{name}"}), retries=0), transport

    return wire


def sent(transport) -> tuple[str, str, dict | None]:
    [request] = transport.requests
    return request.method, request.url, orjson.loads(request.body) if request.body else None


async def test_a_reservation_puts_the_orders_lines_and_destination(wire, make_order):
    """PUT /v1/reservations/{order_id} with ship_to_country and lines; 201 is done."""
    client, transport = wire("warehouse", answer(201, {"status": "held"}))
    order = make_order()
    assert await HttpWarehouse(client).reserve(order) == Done()
    assert sent(transport) == ("PUT", f"http://warehouse/v1/reservations/{order.id}", {
        "ship_to_country": "GB", "lines": [{"album_id": order.lines[0].album_id, "quantity": 2}]})


@pytest.mark.parametrize("reply, reason", [
    (problem(409, "insufficient-stock", album_id="2a1b0c9d-8e7f-4a5b-9c6d-3e2f1a0b9c8d"), "Out of stock: Night Train"),
    (problem(409, "insufficient-stock"), "Out of stock: Blue River, Night Train"),
    (problem(422, "unsupported-destination"), "We do not ship to GB"),
    (problem(422, "validation-error"), "We could not reserve your items"),
])
async def test_a_refused_reservation_says_why_in_the_customers_words(wire, make_order, blue_river, night_train,
                                                                     reply, reason):
    """The problem's type picks the reason: the album out of stock (all, if unnamed), or the country."""
    client, _ = wire("warehouse", reply)
    order = make_order(lines=((blue_river, 1), (night_train, 1)))
    assert await HttpWarehouse(client).reserve(order) == Refused(reason)


@pytest.mark.parametrize("reply", [answer(503), answer(502), answer(429), answer(408), ConnectionError("refused"),
                                   answer(500, {"oops": True})])
async def test_no_answer_or_a_server_error_is_unavailable(wire, make_order, reply):
    """5xx, 408/429 and transport failures are transient: the saga will try again."""
    client, _ = wire("warehouse", reply)
    assert isinstance(await HttpWarehouse(client).reserve(make_order()), Unavailable)


@pytest.mark.parametrize("status", [204, 404])
async def test_releasing_nothing_is_done(wire, make_order, status):
    """DELETE /v1/reservations/{id}: 204, and 404 too — nothing to undo is done."""
    client, transport = wire("warehouse", answer(status))
    order = make_order()
    assert await HttpWarehouse(client).release(order) == Done()
    assert sent(transport)[:2] == ("DELETE", f"http://warehouse/v1/reservations/{order.id}")


async def test_a_confirmation_of_a_reservation_no_longer_held_is_refused(wire, make_order):
    """409 reservation-not-held from PUT .../confirmation tells the customer the items were not held."""
    client, transport = wire("warehouse", problem(409, "reservation-not-held"))
    order = make_order()
    outcome = await HttpWarehouse(client).confirm(order)
    assert isinstance(outcome, Refused) and "no longer held" in outcome.reason
    assert sent(transport)[:2] == ("PUT", f"http://warehouse/v1/reservations/{order.id}/confirmation")


async def test_a_charge_is_keyed_by_the_order(wire, make_order):
    """POST /v1/payments carries Idempotency-Key charge-{order_id}, the amount, the token and the lines."""
    client, transport = wire("payments", answer(201, {"status": "captured"}))
    order = make_order()
    assert await HttpPayments(client).charge(order) == Done()
    assert transport.requests[0].headers["Idempotency-Key"] == f"charge-{order.id}"
    method, url, body = sent(transport)
    assert (method, url) == ("POST", "http://payments/v1/payments")
    assert body == {"order_id": order.id, "customer_id": order.customer_id,
                    "amount": {"amount": "19.98", "currency": "GBP"}, "card_token": "tok_visa",
                    "lines": [{"album_id": order.lines[0].album_id, "quantity": 2,
                               "unit_price": {"amount": "9.99", "currency": "GBP"}}]}


@pytest.mark.parametrize("reply, outcome", [
    (problem(402, "payment-declined"), Refused("Your card was declined")),
    (problem(504, "paybuddy-timeout"), Unavailable("answered 504")),
    (problem(502, "paybuddy-unavailable"), Unavailable("answered 502")),
])
async def test_a_declined_charge_is_refused_and_a_provider_failure_unavailable(wire, make_order, reply, outcome):
    """402 payment-declined is the customer's answer; 502/504 mean try again with the same key."""
    client, _ = wire("payments", reply)
    assert await HttpPayments(client).charge(make_order()) == outcome


async def test_a_refund_is_keyed_by_the_order_and_carries_the_reason(wire, make_order):
    """POST /v1/refunds with Idempotency-Key refund-{order_id} and {order_id, reason}."""
    client, transport = wire("payments", answer(201, {"status": "nothing_to_refund"}))
    order = make_order()
    assert await HttpPayments(client).refund(order, reason="Out of stock: Blue River") == Done()
    assert transport.requests[0].headers["Idempotency-Key"] == f"refund-{order.id}"
    assert sent(transport)[2] == {"order_id": order.id, "reason": "Out of stock: Blue River"}


async def test_a_shipment_brings_back_its_tracking_number(wire, make_order):
    """PUT /v1/shipments/{order_id} with the customer, the address and the items; the tracking number is kept."""
    client, transport = wire("shipping", answer(201, {"tracking_number": "MC12345678", "status": "awaiting_pick"}))
    order = make_order()
    assert await HttpShipping(client).create_shipment(order) == Done(tracking_number="MC12345678")
    method, url, body = sent(transport)
    assert (method, url) == ("PUT", f"http://shipping/v1/shipments/{order.id}")
    assert body["address"]["country"] == "GB" and body["items"] == [{"album_id": order.lines[0].album_id,
                                                                       "quantity": 2}]


async def test_a_dispatched_shipment_cannot_be_called_off(wire, make_order):
    """409 already-dispatched on DELETE is a refused compensation, reported with the problem."""
    client, _ = wire("shipping", problem(409, "already-dispatched"))
    outcome = await HttpShipping(client).cancel_shipment(make_order())
    assert isinstance(outcome, Refused) and "already-dispatched" in outcome.reason


async def test_the_catalog_describes_an_album_with_its_price(wire, blue_river):
    """GET /v1/albums/{id}: title, the artist's name and the price as money."""
    client, transport = wire("catalog", answer(200, {"id": blue_river.id, "title": "Blue River",
                                                     "artist": {"id": "a-1", "name": "Nina Valdés"},
                                                     "price": {"amount": "9.99", "currency": "GBP"}}))
    assert await HttpCatalog(client).album(blue_river.id) == blue_river
    assert sent(transport)[:2] == ("GET", f"http://catalog/v1/albums/{blue_river.id}")


async def test_an_album_the_catalog_lacks_is_none(wire):
    """404 means no such album."""
    client, _ = wire("catalog", problem(404, "album-not-found"))
    assert await HttpCatalog(client).album("no-such-album") is None


@pytest.mark.parametrize("reply", [answer(500), ConnectionError("refused"),
                                   answer(200, {"id": "x", "title": "T", "price": {"amount": "cheap"}})])
async def test_a_catalog_down_or_unreadable_is_unavailable(wire, reply):
    """A 5xx, no connection, or a body without a readable price raise CatalogUnavailable."""
    client, _ = wire("catalog", reply)
    with pytest.raises(CatalogUnavailable):
        await HttpCatalog(client).album("x")


async def test_a_charge_still_in_progress_at_payments_is_retried_not_refused(wire, make_order):
    """409 request-in-progress means a twin of this charge is still running: the saga tries again later."""
    client, _ = wire("payments", problem(409, "request-in-progress"))
    outcome = await HttpPayments(client).charge(make_order())
    assert isinstance(outcome, Unavailable)
