"""Provider verification of message pacts: the events orders publishes are what its consumers expect (7.8).

Loyalty and notifications published the messages they rely on. Here the real
service produces them: orders are placed and their sagas run on the real unit
of work (SQLite) — one to completion, one cancelled by a declined card — and
each message is the body of the outbox row the relay would put on the wire,
byte for byte.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pact import Verifier
from sqlalchemy import select

from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.chassis.testing.databases import sqlite_url
from musiccorp.chassis.testing.pacts import MESSAGES, provider_contracts
from musiccorp.orders.adapters.integration_events import PUBLISHES
from musiccorp.orders.adapters.tables import outbox
from musiccorp.orders.bootstrap import Orders, bootstrap
from musiccorp.orders.config import OrdersSettings
from musiccorp.orders.domain.commands import LineRequest, PlaceOrder
from musiccorp.orders.domain.saga import Refused
from musiccorp.orders.service_layer import handlers

PACTS = Path(__file__).resolve().parents[4] / "contracts" / "pacts"
CLOUDEVENTS = "application/cloudevents+json"
# What consumers call each event in their pacts (the agreed description), besides "a <type> event".
DESCRIPTIONS = {"placed": "an order placed", "stock_reserved": "an order with stock reserved", "paid": "an order paid",
                "shipped": "an order shipped", "completed": "an order completed", "cancelled": "an order cancelled"}


async def _orders_through_their_sagas(orders: Orders, participants, address, customer_id: str,
                                      album_id: str) -> dict[str, bytes]:
    await orders.runtime.database.migrate()
    uow = orders.uow
    try:
        for key, declined in (("completes", False), ("is-declined", True)):
            if declined:
                participants.payments.will("take_payment", Refused("Your card was declined"))
            command = PlaceOrder(idempotency_key=key, fingerprint=key, customer_id=customer_id,
                                 lines=(LineRequest(album_id, 2),), card_token="tok_visa", shipping_address=address)
            placed = await handlers.place_order(command, uow=uow(), catalog=orders.catalog, sagas=orders.runner,
                                                clock=lambda: datetime.now(UTC))
            await orders.runner.drive(placed.order.id)
        async with orders.runtime.database.engine.connect() as connection:
            rows = (await connection.execute(select(outbox.c.type, outbox.c.body).order_by(outbox.c.seq))).all()
    finally:
        await orders.runtime.database.dispose()
    bodies: dict[str, bytes] = {}
    for row in rows:
        bodies.setdefault(row.type, row.body.encode())
    return bodies


@pytest.fixture
def published(tmp_path, catalog, participants, address, customer_id, blue_river) -> dict[str, bytes]:
    """Event type -> the outbox body a real order's saga writes for it."""
    settings = OrdersSettings(database_url=sqlite_url(tmp_path / "database", "orders"))
    orders = bootstrap(settings, registry=InMemoryRegistry(), catalog=catalog, participants=participants)
    return asyncio.run(_orders_through_their_sagas(orders, participants, address, customer_id, blue_river.id))


def test_orders_honours_its_consumers_message_contracts(published, tmp_path):
    """Every message in every pact naming orders as provider is matched by a real outbox body."""
    contracts = provider_contracts("orders", MESSAGES, contracts=PACTS, scratch=tmp_path / "pacts")
    assert contracts, ("no consumer has published a message contract with orders yet "
                       "(contracts/pacts/*-orders.json): loyalty and notifications are expected to")
    assert set(published) == {spec.type for spec in PUBLISHES}
    messages = {}
    for event_type, body in published.items():
        message = {"contents": body, "metadata": {"contentType": CLOUDEVENTS}, "content_type": CLOUDEVENTS}
        status = event_type.split(".")[2]
        messages[DESCRIPTIONS[status]] = messages[f"a {event_type} event"] = message
    verifier = Verifier("orders").message_handler(messages)
    for contract in contracts:
        verifier.add_source(contract)
    verifier.verify()
