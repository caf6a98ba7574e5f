"""Consumer-driven message contract: the order event loyalty relies on (practice 7.8).

Loyalty's real handler processes the message Pact describes on a real (SQLite)
database; the interaction becomes ``contracts/pacts/loyalty-orders.json``, which
orders verifies by producing its real event body. Loyalty reads the order id,
the customer id and the total's amount — nothing else is asked of orders.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from pact import Pact, match

from musiccorp.chassis.events import CONTENT_TYPE
from musiccorp.chassis.testing.databases import sqlite_url
from musiccorp.chassis.testing.pacts import publish_pact

CONTRACTS = Path(__file__).resolve().parents[4] / "contracts" / "pacts"
CUSTOMER_ID = "5b1d2c4e-2f0a-4c55-9f7e-3c1f6f4b8a21"
ORDER_ID = "3f0c8a4e-1b2d-4c5e-8f9a-0b1c2d3e4f5a"


def completed_event_body() -> dict:
    return {
        "id": match.uuid("0f8b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d"),
        "type": "orders.order.completed.v1",
        "source": match.like("/musiccorp/orders"),
        "subject": match.like(ORDER_ID),
        "time": match.like("2026-11-25T10:00:00+00:00"),
        "data": {
            "order_id": match.like(ORDER_ID),
            "customer_id": match.like(CUSTOMER_ID),
            "total": {"amount": match.regex("19.98", regex=r"^[0-9]+(\.[0-9]+)?$")},
        },
    }


async def _points_after(body: bytes, database_url: str, consumer) -> int:
    async with consumer(database_url) as (loyalty, handle):
        envelope = await handle(body)
        return (await loyalty.repository.get(envelope.data["customer_id"])).points


def test_loyalty_awards_points_from_the_completed_event(tmp_path, consumer):
    """The orders.order.completed.v1 event as Pact describes it earns its customer 19 points for 19.98."""
    pact = Pact("loyalty", "orders").with_specification("V4")
    (pact.upon_receiving("an order completed", "Async")
        .with_body(completed_event_body(), content_type=CONTENT_TYPE))
    points = []

    def handle(body, _metadata) -> None:
        raw = body if isinstance(body, bytes) else str(body).encode()
        points.append(asyncio.run(_points_after(raw, sqlite_url(tmp_path, f"loyalty-{len(points)}"), consumer)))

    pact.verify(handle, "Async")
    assert points == [19]
    publish_pact(pact, contracts=CONTRACTS, scratch=tmp_path)
