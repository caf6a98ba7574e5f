"""Provider verification of message pacts: the events customers publishes are what its consumers expect (7.8).

Loyalty and notifications each published the messages they rely on. Here the
real service produces them: a customer goes through its whole lifecycle on the
real unit of work (SQLite), and each message is the body of the outbox row the
relay would put on the wire — byte for byte.
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
from musiccorp.customers.adapters.integration_events import PUBLISHES
from musiccorp.customers.adapters.tables import outbox
from musiccorp.customers.bootstrap import Customers, bootstrap
from musiccorp.customers.config import CustomersSettings
from musiccorp.customers.domain.commands import (
    ChangeAddress,
    CloseCustomer,
    ReactivateCustomer,
    RegisterCustomer,
    SuspendCustomer,
)
from musiccorp.customers.service_layer import handlers

PACTS = Path(__file__).resolve().parents[4] / "contracts" / "pacts"
CLOUDEVENTS = "application/cloudevents+json"


async def _lifecycle(customers: Customers, address, other_address) -> dict[str, bytes]:
    await customers.runtime.database.migrate()
    uow = customers.uow
    try:
        nina = await handlers.register_customer(
            RegisterCustomer(name="Nina Valdés", email="nina@example.com", address=address), uow=uow())
        await handlers.change_address(ChangeAddress(nina.id, other_address), uow=uow())
        await handlers.suspend_customer(SuspendCustomer(nina.id), uow=uow())
        await handlers.reactivate_customer(ReactivateCustomer(nina.id), uow=uow())
        await handlers.close_customer(CloseCustomer(nina.id), uow=uow())
        async with customers.runtime.database.engine.connect() as connection:
            rows = (await connection.execute(select(outbox.c.type, outbox.c.body))).all()
    finally:
        await customers.runtime.database.dispose()
    return {row.type: row.body.encode() for row in rows}


@pytest.fixture
def published(tmp_path, address, other_address) -> dict[str, bytes]:
    """Event type -> the outbox body a whole customer lifecycle writes for it."""
    customers = bootstrap(CustomersSettings(database_url=sqlite_url(tmp_path, "customers")),
                          registry=InMemoryRegistry())
    return asyncio.run(_lifecycle(customers, address, other_address))


def test_customers_honours_its_consumers_message_contracts(published, tmp_path):
    """Every message in every pact naming customers as provider is matched by a real outbox body."""
    contracts = provider_contracts("customers", MESSAGES, contracts=PACTS, scratch=tmp_path)
    assert contracts, "no consumer has published a message contract with customers (contracts/pacts/*-customers.json)"
    assert set(published) == {spec.type for spec in PUBLISHES}
    messages = {f"a {event_type} event": {"contents": body, "metadata": {"contentType": CLOUDEVENTS},
                                          "content_type": CLOUDEVENTS}
                for event_type, body in published.items()}
    verifier = Verifier("customers").message_handler(messages)
    for contract in contracts:
        verifier.add_source(contract)
    verifier.verify()
