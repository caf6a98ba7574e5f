"""Consumer-driven message contract: the customer events loyalty relies on (practice 7.8).

The real consumer handler of loyalty processes the message Pact describes, on a
real (SQLite) database; the interactions become the committed contract
``contracts/pacts/loyalty-customers.json``, which the customers service verifies
by producing its real event bodies.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from pact import Pact, match
from sqlalchemy import select

from musiccorp.chassis.events import CONTENT_TYPE
from musiccorp.chassis.testing.pacts import publish_pact
from musiccorp.loyalty.adapters.tables import accounts

CONTRACTS = Path(__file__).resolve().parents[4] / "contracts" / "pacts"
CUSTOMER_ID = "5b1d2c4e-2f0a-4c55-9f7e-3c1f6f4b8a21"


def registered_event_body() -> dict:
    return {
        "specversion": match.like("1.0"),
        "id": match.uuid("0f8b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d"),
        "type": "customers.customer.registered.v1",
        "source": match.like("/musiccorp/customers"),
        "subject": match.like(CUSTOMER_ID),
        "time": match.like("2026-11-25T10:00:00+00:00"),
        "data": {
            "customer_id": match.like(CUSTOMER_ID),
            "customer_uri": match.regex(f"http://customers/v1/customers/{CUSTOMER_ID}",
                                        regex=r"^http://customers/v1/customers/[^/]+$"),
        },
    }


async def _open_account_from(body: bytes, database_url: str, consumer) -> int:
    async with consumer(database_url) as (loyalty, handle):
        envelope = await handle(body)
        async with loyalty.runtime.database.engine.connect() as connection:
            rows = (await connection.execute(select(accounts).where(
                accounts.c.customer_id == envelope.data["customer_id"]))).all()
    return len(rows)


def test_loyalty_opens_an_account_from_the_registered_event(tmp_path, consumer):
    """The customers.customer.registered.v1 event as Pact describes it opens exactly one account."""
    pact = Pact("loyalty", "customers").with_specification("V4")
    (pact.upon_receiving("a customers.customer.registered.v1 event", "Async")
        .with_body(registered_event_body(), content_type=CONTENT_TYPE))
    opened = []

    def handle(body, _metadata) -> None:
        raw = body if isinstance(body, bytes) else body.encode()
        opened.append(asyncio.run(_open_account_from(raw, f"sqlite+aiosqlite:///{tmp_path}/loyalty.db", consumer)))

    pact.verify(handle, "Async")
    assert opened == [1]
    publish_pact(pact, contracts=CONTRACTS, scratch=tmp_path)
