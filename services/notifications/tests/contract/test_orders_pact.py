"""Consumer-driven contract with orders: the order notifications reads, and the event it reacts to (7.8).

One contract, ``contracts/pacts/notifications-orders.json``, holds both kinds of
interaction (Pact V4): the HTTP request that reads an order by its URI, through
the real adapter on the chassis client, and the ``orders.order.completed.v1`` and
``orders.order.cancelled.v1`` messages, each handled by the real subscription on
a real (SQLite) database. Orders verifies both kinds.
"""

from __future__ import annotations

import asyncio
from decimal import Decimal
from pathlib import Path

from pact import Pact, match
from sqlalchemy import select

from musiccorp.chassis.discovery import InMemoryRegistry, StaticRegistry
from musiccorp.chassis.events import CONTENT_TYPE, Envelope
from musiccorp.chassis.http import HttpClient
from musiccorp.chassis.testing.databases import sqlite_url
from musiccorp.chassis.testing.pacts import publish_pact
from musiccorp.notifications.adapters.memory import FakeCustomerDirectory, FakeMailer, FakeOrderDirectory
from musiccorp.notifications.adapters.order_directory import HttpOrderDirectory
from musiccorp.notifications.adapters.tables import mails
from musiccorp.notifications.bootstrap import bootstrap
from musiccorp.notifications.config import NotificationsSettings
from musiccorp.notifications.domain.model import Contact
from musiccorp.notifications.domain.orders import Money, Order, OrderLine
from musiccorp.notifications.entrypoints.consumer import subscriptions

CONTRACTS = Path(__file__).resolve().parents[4] / "contracts" / "pacts"
ORDER_ID = "3f0c8a4e-1b2d-4c5e-8f9a-0b1c2d3e4f5a"
CUSTOMER_ID = "5b1d2c4e-2f0a-4c55-9f7e-3c1f6f4b8a21"
ORDER_URI = f"http://orders/v1/orders/{ORDER_ID}"
CUSTOMER_URI = f"http://customers/v1/customers/{CUSTOMER_ID}"
DECIMAL = r"^[0-9]+(\.[0-9]+)?$"


def _money(amount: str) -> dict:
    return {"amount": match.regex(amount, regex=DECIMAL), "currency": match.like("GBP")}


def order_body() -> dict:
    """What notifications reads of an order — and only that (a tolerant reader ignores the rest)."""
    return {
        "id": ORDER_ID,
        "customer_id": CUSTOMER_ID,
        "status": match.like("completed"),
        "lines": match.each_like({"title": match.like("Kind of Blue"), "quantity": match.int(2),
                                  "line_total": _money("19.98")}, min=1),
        "total": _money("19.98"),
        "tracking_number": match.like("MC48213907562"),
    }


def event_body(event_type: str, data: dict) -> dict:
    return {
        "id": match.uuid("0f8b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d"),
        "type": event_type,
        "source": match.like("/musiccorp/orders"),
        "subject": match.like(ORDER_ID),
        "time": match.like("2026-11-25T10:00:00+00:00"),
        "data": {
            "order_id": match.like(ORDER_ID),
            "customer_id": match.like(CUSTOMER_ID),
            "customer_uri": match.regex(CUSTOMER_URI, regex=r"^http://customers/v1/customers/[^/]+$"),
            **data,
        },
    }


def completed_event_body() -> dict:
    """What notifications reads of a completed order's event: where to fetch the order and the customer."""
    return event_body("orders.order.completed.v1",
                      {"order_uri": match.regex(ORDER_URI, regex=r"^http://orders/v1/orders/[^/]+$")})


def cancelled_event_body() -> dict:
    """A cancellation carries the reason the customer is told."""
    return event_body("orders.order.cancelled.v1", {"reason": match.like("Your card was declined")})


async def _read_order(url: str) -> Order:
    http = HttpClient()
    try:
        directory = HttpOrderDirectory(lambda service: http.for_service(
            service, registry=StaticRegistry({"orders": url}), timeout=5.0, retries=0))
        return await directory.order(ORDER_URI)
    finally:
        await http.close()


async def _mails_from(body: bytes, database_url: str, orders: FakeOrderDirectory) -> list[tuple[str, str]]:
    """(to, subject) of the mails the real subscription for the message's type records."""
    directory = FakeCustomerDirectory({CUSTOMER_URI: Contact(name="Ada Lovelace", email="ada@example.com")})
    notifications = bootstrap(NotificationsSettings(database_url=database_url), directory=directory, orders=orders,
                              mailer=FakeMailer(), registry=InMemoryRegistry())
    database = notifications.runtime.database
    envelope = Envelope.from_bytes(body)
    subscription = next(s for s in subscriptions(notifications) if s.event_type == envelope.type)
    try:
        await database.migrate()
        async with database.engine.begin() as connection:
            await subscription.handler(envelope, connection)
        async with database.engine.connect() as connection:
            return [tuple(row) for row in await connection.execute(select(mails.c.to_address, mails.c.subject))]
    finally:
        await database.dispose()


def test_notifications_contract_with_orders(tmp_path):
    """Read an existing order by its URI; mail a completed order's confirmation and a cancellation's reason."""
    http = Pact("notifications", "orders").with_specification("V4")
    (http.upon_receiving("a request for an order")
        .given("an order exists", {"order_id": ORDER_ID, "customer_id": CUSTOMER_ID})
        .with_request("GET", f"/v1/orders/{ORDER_ID}")
        .will_respond_with(200).with_body(order_body(), content_type="application/hal+json"))
    with http.serve() as server:
        order = asyncio.run(_read_order(str(server.url)))
    assert (order.id, order.customer_id, order.tracking_number) == (ORDER_ID, CUSTOMER_ID, "MC48213907562")
    assert order.lines == (OrderLine("Kind of Blue", 2, Money(Decimal("19.98"), "GBP")),)

    messages = Pact("notifications", "orders").with_specification("V4")
    (messages.upon_receiving("an order completed", "Async")
        .with_body(completed_event_body(), content_type=CONTENT_TYPE))
    (messages.upon_receiving("an order cancelled", "Async")
        .with_body(cancelled_event_body(), content_type=CONTENT_TYPE))
    orders = FakeOrderDirectory({ORDER_URI: order})
    recorded = []

    def handle(body, _metadata) -> None:
        raw = body if isinstance(body, bytes) else str(body).encode()
        url = sqlite_url(tmp_path, f"notifications-{len(recorded)}")
        recorded.extend(asyncio.run(_mails_from(raw, url, orders)))

    messages.verify(handle, "Async")
    assert sorted(recorded) == [("ada@example.com", "Your MusicCorp order is on its way"),
                                ("ada@example.com", "Your MusicCorp order was cancelled")]
    assert orders.lookups == [ORDER_URI]
    publish_pact(http, messages, contracts=CONTRACTS, scratch=tmp_path)
