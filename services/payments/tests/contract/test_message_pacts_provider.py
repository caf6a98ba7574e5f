"""Provider verification of message pacts: the events payments publishes are what its consumers expect (7.8).

Loyalty published the messages it relies on. Here the real service produces
them: an order is charged, settled and refunded through the real handlers on
the real ledger (SQLite) with a fake PayBuddy, and each message is the body of
the outbox row the relay would put on the wire — byte for byte.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
from pathlib import Path

import pytest
from pact import Verifier
from sqlalchemy import select

from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.chassis.testing.databases import sqlite_url
from musiccorp.chassis.testing.pacts import MESSAGES, provider_contracts
from musiccorp.payments.adapters.integration_events import PUBLISHES
from musiccorp.payments.adapters.memory import SANDBOX_WEBHOOK_SECRET, FakePaymentProvider, InMemoryCatalog
from musiccorp.payments.adapters.tables import outbox
from musiccorp.payments.bootstrap import Payments, bootstrap
from musiccorp.payments.config import PaymentsSettings
from musiccorp.payments.entrypoints.representations import charge_answer, refund_answer
from musiccorp.payments.service_layer import handlers, refunds, settlements

PACTS = Path(__file__).resolve().parents[4] / "contracts" / "pacts"
CLOUDEVENTS = "application/cloudevents+json"
# The consumers' names for the messages, beside the generic "a <type> event".
DESCRIPTIONS = {"a refund was issued": "payments.refund.issued.v1"}


async def _life_of_two_orders(payments: Payments, take_payment_command, refund_command) -> dict[str, bytes]:
    """One order charged, settled and refunded; another declined: every event payments publishes, once."""
    await payments.runtime.database.migrate()
    uow, provider, clock = payments.uow, payments.provider, payments.clock
    try:
        paid = await handlers.take_payment(take_payment_command("k-1"), uow=uow(), provider=provider,
                                           present=charge_answer, clock=clock, lease=payments.lease)
        await handlers.take_payment(take_payment_command("k-2", order_id="declined", token="tok_declined"),
                                    uow=uow(), provider=provider, present=charge_answer, clock=clock,
                                    lease=payments.lease)
        notice = json.dumps({"eventKind": "charge.settled", "chargeId": paid.body["provider_reference"]}).encode()
        signature = "sha256=" + hmac.new(SANDBOX_WEBHOOK_SECRET.encode(), notice, hashlib.sha256).hexdigest()
        await settlements.settle(notice, {"X-PayBuddy-Signature": signature}, uow=uow(), provider=provider,
                                 clock=clock)
        await refunds.refund_order(refund_command(), uow=uow(), provider=provider, present=refund_answer, clock=clock)
        async with payments.runtime.database.engine.connect() as connection:
            rows = (await connection.execute(select(outbox.c.type, outbox.c.body))).all()
    finally:
        await payments.runtime.database.dispose()
    return {row.type: row.body.encode() for row in rows}


@pytest.fixture
def published(tmp_path, take_payment_command, refund_command) -> dict[str, bytes]:
    """Event type -> the outbox body the life of two orders writes for it."""
    payments = bootstrap(PaymentsSettings(database_url=sqlite_url(tmp_path, "payments")),
                         provider=FakePaymentProvider(), catalog=InMemoryCatalog(), registry=InMemoryRegistry())
    return asyncio.run(_life_of_two_orders(payments, take_payment_command, refund_command))


def test_payments_honours_its_consumers_message_contracts(published, tmp_path):
    """Every message in every pact naming payments as provider is matched by a real outbox body."""
    contracts = provider_contracts("payments", MESSAGES, contracts=PACTS, scratch=tmp_path)
    assert contracts, "no consumer has published a message contract with payments (contracts/pacts/*-payments.json)"
    assert set(published) == {spec.type for spec in PUBLISHES}
    names = {**{f"a {event_type} event": event_type for event_type in published}, **DESCRIPTIONS}
    messages = {name: {"contents": published[event_type], "metadata": {"contentType": CLOUDEVENTS},
                       "content_type": CLOUDEVENTS} for name, event_type in names.items()}
    verifier = Verifier("payments").message_handler(messages)
    for contract in contracts:
        verifier.add_source(contract)
    verifier.verify()
