"""Consumer-driven message contract: the warehouse event shipping relies on (practice 7.8).

The real consumer handler of shipping processes the message Pact describes, on a
real (SQLite) database holding a shipment that awaits picking; the interaction
becomes the committed contract ``contracts/pacts/shipping-warehouse.json``, which
the warehouse verifies by producing its real event body. Shipping reads only
``order_id``: that is all the contract asks of the warehouse.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from pact import Pact, match

from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.chassis.events import CONTENT_TYPE, Envelope
from musiccorp.chassis.testing.databases import sqlite_url
from musiccorp.chassis.testing.pacts import publish_pact
from musiccorp.shipping.bootstrap import bootstrap
from musiccorp.shipping.config import ShippingSettings
from musiccorp.shipping.domain.model import Status
from musiccorp.shipping.entrypoints.consumer import subscriptions
from musiccorp.shipping.service_layer import handlers

CONTRACTS = Path(__file__).resolve().parents[4] / "contracts" / "pacts"
ORDER_ID = "9a1f0c2e-6b3d-4e8f-a7c5-1d2e3f4a5b6c"


def picked_event_body() -> dict:
    return {
        "id": match.uuid("0f8b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d"),
        "type": "warehouse.order.picked.v1",
        "source": match.like("/musiccorp/warehouse"),
        "subject": match.like(ORDER_ID),
        "time": match.like("2026-11-25T10:00:00+00:00"),
        "data": {"order_id": match.like(ORDER_ID)},
    }


async def _dispatch_from(body: bytes, database_url: str, command, clock) -> Status:
    shipping = bootstrap(ShippingSettings(database_url=database_url), registry=InMemoryRegistry(), clock=clock)
    database = shipping.runtime.database
    (subscription,) = subscriptions(shipping)
    try:
        await database.migrate()
        await handlers.request_shipment(command, uow=shipping.uow(), clock=clock)
        async with database.engine.begin() as connection:
            await subscription.handler(Envelope.from_bytes(body), connection)
        return (await handlers.find_shipment(command.order_id, uow=shipping.uow())).status
    finally:
        await database.dispose()


def test_shipping_dispatches_from_the_picked_event(tmp_path, shipment_request, clock):
    """The warehouse.order.picked.v1 event as Pact describes it dispatches the order's shipment."""
    pact = Pact("shipping", "warehouse").with_specification("V4")
    (pact.upon_receiving("an order was picked", "Async")
        .with_body(picked_event_body(), content_type=CONTENT_TYPE))
    statuses = []

    def handle(body, _metadata) -> None:
        raw = body if isinstance(body, bytes) else str(body).encode()
        url = sqlite_url(tmp_path, f"shipping-{len(statuses)}")
        statuses.append(asyncio.run(_dispatch_from(raw, url, shipment_request(ORDER_ID), clock)))

    pact.verify(handle, "Async")
    assert statuses == [Status.DISPATCHED]
    publish_pact(pact, contracts=CONTRACTS, scratch=tmp_path)
