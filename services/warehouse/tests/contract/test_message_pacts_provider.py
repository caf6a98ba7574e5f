"""Provider verification of message pacts: the events the warehouse publishes are what its consumers expect (7.8).

Shipping dispatches an order once ``warehouse.order.picked.v1`` arrives and
published what it relies on as ``contracts/pacts/shipping-warehouse.json``. Here
the real service produces every event: orders are reserved, confirmed and
picked, released, and left to expire on the real unit of work (SQLite), and each
message is the body of the outbox row the relay would put on the wire — byte for byte.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from pact import Verifier
from sqlalchemy import select

from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.chassis.testing.databases import sqlite_url
from musiccorp.chassis.testing.pacts import MESSAGES, provider_contracts
from musiccorp.warehouse.adapters.integration_events import PUBLISHES
from musiccorp.warehouse.adapters.tables import outbox
from musiccorp.warehouse.bootstrap import Warehouse, bootstrap
from musiccorp.warehouse.config import WarehouseSettings
from musiccorp.warehouse.domain.commands import ConfirmReservation, PickLine, ReleaseReservation, ReserveStock
from musiccorp.warehouse.domain.lines import Line
from musiccorp.warehouse.service_layer import handlers

PACTS = Path(__file__).resolve().parents[4] / "contracts" / "pacts"
CLOUDEVENTS = "application/cloudevents+json"
COASTAL_MEMORY = "4dafff35-5130-581c-af3f-6f10e5597d81"
# What consumers call each event in their pacts; every event is also "a <type> event".
DESCRIPTIONS = {"warehouse.order.picked.v1": "an order was picked"}


async def _lifecycles(warehouse: Warehouse, clock) -> dict[str, bytes]:
    """Reserve, confirm and pick one order; release another; let a third expire. Event type -> outbox body."""
    database, uow = warehouse.runtime.database, warehouse.uow
    await database.migrate()
    try:
        for order_id in ("order-picked", "order-released", "order-expired"):
            await handlers.reserve_stock(ReserveStock(order_id, "GB", (Line(COASTAL_MEMORY, 1),)), uow=uow(),
                                         clock=clock, hold_for=warehouse.hold_for)
        await handlers.confirm_reservation(ConfirmReservation("order-picked"), uow=uow(), clock=clock)
        async with database.engine.begin() as connection:
            await handlers.pick_line(PickLine("order-picked", COASTAL_MEMORY, 1, picker="picker-1"),
                                     picks=warehouse.repository_on(connection))
        await handlers.release_reservation(ReleaseReservation("order-released"), uow=uow(), clock=clock)
        clock.advance(warehouse.hold_for)
        await handlers.expire_due_holds(uow=uow(), clock=clock)
        async with database.engine.connect() as connection:
            rows = (await connection.execute(select(outbox.c.type, outbox.c.body).order_by(outbox.c.seq))).all()
    finally:
        await database.dispose()
    return {row.type: row.body.encode() for row in reversed(rows)}


@pytest.fixture
def published(tmp_path, clock) -> dict[str, bytes]:
    """Event type -> the outbox body the service writes for it."""
    warehouse = bootstrap(WarehouseSettings(database_url=sqlite_url(tmp_path, "warehouse")),
                          registry=InMemoryRegistry(), clock=clock)
    return asyncio.run(_lifecycles(warehouse, clock))


def test_warehouse_honours_its_consumers_message_contracts(published, tmp_path):
    """Every message in every pact naming the warehouse as provider is matched by a real outbox body."""
    contracts = provider_contracts("warehouse", MESSAGES, contracts=PACTS, scratch=tmp_path)
    assert contracts, ("no consumer has published a message contract with the warehouse yet: shipping writes "
                       "contracts/pacts/shipping-warehouse.json (run its contract tests with MUSICCORP_UPDATE_PACTS=1)")
    assert {spec.type for spec in PUBLISHES} <= set(published)
    messages = {}
    for event_type, body in published.items():
        if event_type not in {spec.type for spec in PUBLISHES}:
            continue  # a pick job: internal to the warehouse
        message = {"contents": body, "metadata": {"contentType": CLOUDEVENTS}, "content_type": CLOUDEVENTS}
        messages[f"a {event_type} event"] = message
        if event_type in DESCRIPTIONS:
            messages[DESCRIPTIONS[event_type]] = message
    verifier = (Verifier("warehouse").message_handler(messages)
                .state_handler({description: _nothing_to_set_up for description in DESCRIPTIONS.values()},
                               teardown=True))
    for contract in contracts:
        verifier.add_source(contract)
    verifier.verify()


def _nothing_to_set_up(action: str, parameters: dict | None = None) -> None:
    """The state is the event itself, produced above by the real service."""
