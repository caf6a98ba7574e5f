"""Reading an order by its URI over real HTTP, through the chassis client (a stub orders service)."""

from decimal import Decimal

import pytest

from musiccorp.chassis.discovery import Instance
from musiccorp.notifications.adapters.order_directory import HttpOrderDirectory
from musiccorp.notifications.domain.errors import OrderUnavailable
from musiccorp.notifications.domain.orders import Money

ORDER_URI = "http://orders/v1/orders/o-1"
ORDER = {"id": "o-1", "customer_id": "c-1", "status": "completed", "version": 7, "placed_at": "2026-11-25T10:00Z",
         "lines": [{"album_id": "a-1", "title": "Kind of Blue", "quantity": 2,
                    "unit_price": {"amount": "9.99", "currency": "GBP"},
                    "line_total": {"amount": "19.98", "currency": "GBP"}}],
         "total": {"amount": "19.98", "currency": "GBP"}, "tracking_number": "MC48213907562",
         "_links": {"self": {"href": "/v1/orders/o-1"}}}


@pytest.fixture
async def directory(stub_server, registry, http_client):
    """The real adapter, resolving ``orders`` to the stub through discovery."""
    await registry.register(Instance(service="orders", instance_id="orders-1", url=stub_server.url))
    return HttpOrderDirectory(lambda service: http_client.for_service(service, registry=registry, retries=0))


async def test_the_order_is_read_by_its_uri(stub_server, directory):
    """GET /v1/orders/o-1 on the service the URI names; the lines, total and tracking number are read."""
    stub_server.reply("GET", "/v1/orders/o-1", json=ORDER)
    order = await directory.order(ORDER_URI)
    assert [(line.title, line.quantity, line.line_total) for line in order.lines] == [
        ("Kind of Blue", 2, Money(Decimal("19.98"), "GBP"))]
    assert (order.customer_id, order.total, order.tracking_number) == ("c-1", Money(Decimal("19.98"), "GBP"),
                                                                       "MC48213907562")


async def test_an_order_without_a_tracking_number_yet_is_read(stub_server, directory):
    """A null tracking number reads as none."""
    stub_server.reply("GET", "/v1/orders/o-1", json={**ORDER, "tracking_number": None})
    assert (await directory.order(ORDER_URI)).tracking_number is None


@pytest.mark.parametrize("reply", [
    {"status": 404, "json": {"status": 404}},
    {"status": 200, "json": {"id": "o-1"}},
    {"status": 200, "json": {**ORDER, "total": {"amount": "lots", "currency": "GBP"}}},
    {"status": 200, "json": ["not", "an", "order"]},
    {"status": 200, "body": b"<html>"},
], ids=["not-found", "no-lines", "bad-amount", "not-an-object", "not-json"])
async def test_an_unreadable_answer_is_order_unavailable(stub_server, directory, reply):
    """A 404 or a body that is not an order raises OrderUnavailable, for the event to be retried."""
    stub_server.reply("GET", "/v1/orders/o-1", **reply)
    with pytest.raises(OrderUnavailable):
        await directory.order(ORDER_URI)


async def test_orders_down_is_order_unavailable(stub_server, directory):
    """No orders service answering raises OrderUnavailable."""
    await stub_server.close()
    with pytest.raises(OrderUnavailable):
        await directory.order(ORDER_URI)


async def test_a_uri_that_is_no_uri_is_order_unavailable(directory):
    """A malformed URI in an event is refused without a call."""
    with pytest.raises(OrderUnavailable, match="not a resource URI"):
        await directory.order("orders/o-1")
