"""Consumer-driven message contract: the payment event loyalty relies on (practice 7.8).

Loyalty's real handler processes the refund Pact describes on a real (SQLite)
database in which the order had earned points; the interaction becomes
``contracts/pacts/loyalty-payments.json``, which payments verifies by producing
its real event body. Loyalty reads only the order id.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from pact import Pact, match

from musiccorp.chassis.events import CONTENT_TYPE, Envelope
from musiccorp.chassis.testing.databases import sqlite_url
from musiccorp.chassis.testing.pacts import publish_pact
from musiccorp.loyalty.domain.commands import AwardOrderPoints
from musiccorp.loyalty.service_layer import handlers

CONTRACTS = Path(__file__).resolve().parents[4] / "contracts" / "pacts"
CUSTOMER_ID = "5b1d2c4e-2f0a-4c55-9f7e-3c1f6f4b8a21"
ORDER_ID = "3f0c8a4e-1b2d-4c5e-8f9a-0b1c2d3e4f5a"


def refund_event_body() -> dict:
    return {
        "id": match.uuid("0f8b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d"),
        "type": "payments.refund.issued.v1",
        "source": match.like("/musiccorp/payments"),
        "subject": match.like("7c9e6679-7425-40de-944b-e07fc1f90ae7"),
        "time": match.like("2026-11-25T10:00:00+00:00"),
        "data": {"order_id": match.like(ORDER_ID)},
    }


async def _points_after(body: bytes, database_url: str, consumer) -> tuple[int, int]:
    """(points before, points after) the refund of an order that had earned 19."""
    async with consumer(database_url) as (loyalty, handle):
        award = AwardOrderPoints(customer_id=CUSTOMER_ID, order_id=Envelope.from_bytes(body).data["order_id"],
                                 total=Decimal("19.98"))
        async with loyalty.runtime.database.engine.begin() as connection:
            await handlers.award_order_points(award, accounts=loyalty.repository_on(connection),
                                              clock=lambda: datetime.now(UTC))
        before = (await loyalty.repository.get(CUSTOMER_ID)).points
        await handle(body)
        return before, (await loyalty.repository.get(CUSTOMER_ID)).points


def test_loyalty_takes_points_back_from_the_refund_event(tmp_path, consumer):
    """The payments.refund.issued.v1 event as Pact describes it takes back the order's 19 points."""
    pact = Pact("loyalty", "payments").with_specification("V4")
    (pact.upon_receiving("a refund was issued", "Async")
        .with_body(refund_event_body(), content_type=CONTENT_TYPE))
    balances = []

    def handle(body, _metadata) -> None:
        raw = body if isinstance(body, bytes) else str(body).encode()
        balances.append(asyncio.run(_points_after(raw, sqlite_url(tmp_path, f"loyalty-{len(balances)}"), consumer)))

    pact.verify(handle, "Async")
    assert balances == [(19, 0)]
    publish_pact(pact, contracts=CONTRACTS, scratch=tmp_path)
