"""The whole warehouse process on a real database and a real nats-server: relay, in-process pickers, sweeper.

A confirmation over HTTP puts its pick jobs on the queue through the outbox;
the service's own pickers pick them and the order is announced picked. A hold
nobody confirms is expired by the sweeper, without anyone asking about it.
"""

from __future__ import annotations

import httpx2
import pytest
import sqlalchemy as sa
from asgi_lifespan import LifespanManager

from musiccorp.chassis.testing import eventually, outbox_rows
from musiccorp.warehouse.adapters.tables import picks
from musiccorp.warehouse.bootstrap import bootstrap
from musiccorp.warehouse.config import WarehouseSettings
from musiccorp.warehouse.entrypoints.api import create_app

COASTAL_MEMORY, RIVER_GLASS = "4dafff35-5130-581c-af3f-6f10e5597d81", "00dc21ef-1a0a-5b61-89a7-4410c83c7d2b"
BODY = {"ship_to_country": "DE", "lines": [{"album_id": COASTAL_MEMORY, "quantity": 1},
                                           {"album_id": RIVER_GLASS, "quantity": 2}]}


@pytest.fixture
async def service(database_url, nats_url, broker):
    """The warehouse app, started (lifespan included) with two pickers, a 3-second hold and a fast sweeper."""
    settings = WarehouseSettings(database_url=database_url, nats_url=nats_url, instance_id="warehouse-test",
                                 pickers=2, hold_seconds=3, sweep_interval_seconds=0.1)
    warehouse = bootstrap(settings)
    app = create_app(warehouse)
    async with LifespanManager(app, startup_timeout=60), httpx2.AsyncClient(
            transport=httpx2.ASGITransport(app=app), base_url="http://warehouse") as client:
        yield warehouse, client


async def published(warehouse, event_type: str) -> list[str]:
    return [row.subject for row in await outbox_rows(warehouse.runtime.database.engine)
            if row.type == event_type and row.published_at is not None]


async def test_a_confirmed_order_is_picked_by_the_services_own_pickers(service):
    """PUT, confirm: both lines are picked by the in-process pickers and warehouse.order.picked.v1 goes out."""
    warehouse, client = service
    assert (await client.put("/v1/reservations/order-1", json=BODY)).status_code == 201
    assert (await client.put("/v1/reservations/order-1/confirmation")).status_code == 200
    await eventually(lambda: _equal(published(warehouse, "warehouse.order.picked.v1"), ["order-1"]), within=20,
                     what="the order picked and announced")
    async with warehouse.runtime.database.engine.connect() as connection:
        rows = (await connection.execute(sa.select(picks.c.album_id, picks.c.picked_by))).all()
    assert sorted(album for album, _ in rows) == sorted([COASTAL_MEMORY, RIVER_GLASS])
    assert {name for _, name in rows} <= {"warehouse-test-picker-1", "warehouse-test-picker-2"}
    ready = (await client.get("/health/ready")).json()
    assert {ready["checks"][check]["status"] for check in ("pickers", "hold sweeper", "events")} == {"pass"}


async def test_a_hold_nobody_confirms_is_expired_by_the_sweeper(service):
    """Three seconds after the hold, with no further request, its stock is back and the expiry announced."""
    warehouse, client = service
    await client.put("/v1/reservations/order-2", json=BODY)
    await eventually(lambda: _equal(published(warehouse, "warehouse.reservation.expired.v1"), ["order-2"]),
                     within=20, what="the hold expired and announced")
    stock = (await client.get(f"/v1/stock/{RIVER_GLASS}")).json()
    assert stock["reserved"] == 0


async def _equal(value, expected) -> bool:
    return await value == expected
