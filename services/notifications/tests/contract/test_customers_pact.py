"""Consumer-driven contract with customers: the customer notifications reads, and the event it reacts to (7.8).

One contract, ``contracts/pacts/notifications-customers.json``, holds both kinds
of interaction (Pact V4): the HTTP request that reads a customer by the URI an
event carries, through the real adapter on the chassis client; and the
``customers.customer.registered.v1`` message, handled by the real subscription —
reading the customer through that URI (a fake directory here) and recording the
welcome mail in a real SQLite database. Customers verifies both kinds.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from pact import Pact, match
from sqlalchemy import select

from musiccorp.chassis.database import Database
from musiccorp.chassis.discovery import InMemoryRegistry, StaticRegistry
from musiccorp.chassis.events import CONTENT_TYPE, Envelope
from musiccorp.chassis.http import HttpClient
from musiccorp.chassis.testing.pacts import publish_pact
from musiccorp.notifications.adapters.customer_directory import HttpCustomerDirectory
from musiccorp.notifications.adapters.memory import FakeCustomerDirectory, FakeMailer
from musiccorp.notifications.adapters.tables import mails
from musiccorp.notifications.bootstrap import MIGRATIONS, bootstrap
from musiccorp.notifications.config import NotificationsSettings
from musiccorp.notifications.domain.model import Contact
from musiccorp.notifications.entrypoints.consumer import subscriptions

CONTRACTS = Path(__file__).resolve().parents[4] / "contracts" / "pacts"
CUSTOMER_ID = "5b1d2c4e-2f0a-4c55-9f7e-3c1f6f4b8a21"
CUSTOMER_URI = f"http://customers/v1/customers/{CUSTOMER_ID}"


def customer_body() -> dict:
    """What notifications reads of a customer — whom to write to — and only that (a tolerant reader)."""
    return {"id": CUSTOMER_ID, "name": match.like("Ada Lovelace"), "email": match.like("ada@example.com")}


async def _read_contact(url: str) -> Contact:
    http = HttpClient()
    try:
        directory = HttpCustomerDirectory(lambda service: http.for_service(
            service, registry=StaticRegistry({"customers": url}), timeout=5.0, retries=0))
        return await directory.contact(CUSTOMER_URI)
    finally:
        await http.close()


async def _welcome_from(body: bytes, database_url: str, directory: FakeCustomerDirectory) -> list[str]:
    database = Database(database_url, migrations=MIGRATIONS)
    notifications = bootstrap(NotificationsSettings(database_url=database_url), directory=directory,
                              mailer=FakeMailer(), registry=InMemoryRegistry())
    subscription = next(s for s in subscriptions(notifications) if s.event_type == "customers.customer.registered.v1")
    try:
        await database.migrate()
        async with database.engine.begin() as connection:
            await subscription.handler(Envelope.from_bytes(body), connection)
        async with database.engine.connect() as connection:
            return [row.to_address for row in await connection.execute(select(mails))]
    finally:
        await database.dispose()
        await notifications.runtime.database.dispose()


def test_notifications_contract_with_customers(tmp_path):
    """Read a customer by their URI; the registered event as Pact describes it leads to one welcome mail,
    addressed via that URI."""
    http = Pact("notifications", "customers").with_specification("V4")
    (http.upon_receiving("a request for a customer")
        .given("a customer exists", {"id": CUSTOMER_ID})
        .with_request("GET", f"/v1/customers/{CUSTOMER_ID}")
        .will_respond_with(200).with_body(customer_body(), content_type="application/hal+json"))
    with http.serve() as server:
        contact = asyncio.run(_read_contact(str(server.url)))
    assert contact == Contact(name="Ada Lovelace", email="ada@example.com")

    pact = Pact("notifications", "customers").with_specification("V4")
    (pact.upon_receiving("a customers.customer.registered.v1 event", "Async")
        .with_body({
            "id": match.uuid("0f8b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d"),
            "type": "customers.customer.registered.v1",
            "source": match.like("/musiccorp/customers"),
            "subject": match.like(CUSTOMER_ID),
            "time": match.like("2026-11-25T10:00:00+00:00"),
            "data": {
                "customer_id": match.like(CUSTOMER_ID),
                "customer_uri": match.regex(CUSTOMER_URI, regex=r"^http://customers/v1/customers/[^/]+$"),
            },
        }, content_type=CONTENT_TYPE))
    directory = FakeCustomerDirectory({CUSTOMER_URI: Contact(name="Ada Lovelace", email="ada@example.com")})
    recorded = []

    def handle(body, _metadata) -> None:
        raw = body if isinstance(body, bytes) else body.encode()
        recorded.append(asyncio.run(_welcome_from(raw, f"sqlite+aiosqlite:///{tmp_path}/n.db", directory)))

    pact.verify(handle, "Async")
    assert recorded == [["ada@example.com"]]
    assert directory.lookups == [CUSTOMER_URI]
    publish_pact(http, pact, contracts=CONTRACTS, scratch=tmp_path)
