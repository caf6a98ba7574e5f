"""Provider verification of HTTP pacts: payments honours what its HTTP consumers published (practice 7.8).

The real payments app runs on a real server over a real ledger (SQLite) with
a fake PayBuddy; provider states tell the fake how PayBuddy behaves, or put a
captured payment in the ledger. Every state's teardown empties both.
"""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from pact import Pact, Verifier, match

from musiccorp.chassis.clock import utc_now
from musiccorp.chassis.database import Database
from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.chassis.testing.databases import sqlite_url
from musiccorp.chassis.testing.pacts import HTTP, provider_contracts
from musiccorp.chassis.testing.servers import serving
from musiccorp.payments.adapters.memory import FakePaymentProvider, InMemoryCatalog
from musiccorp.payments.adapters.tables import metadata
from musiccorp.payments.adapters.unit_of_work import SqlUnitOfWork
from musiccorp.payments.bootstrap import MIGRATIONS, bootstrap
from musiccorp.payments.config import PaymentsSettings
from musiccorp.payments.domain.commands import TakePayment
from musiccorp.payments.domain.model import LedgerLine
from musiccorp.payments.domain.money import Money
from musiccorp.payments.entrypoints.api import create_app
from musiccorp.payments.entrypoints.representations import charge_answer
from musiccorp.payments.service_layer import handlers

PACTS = Path(__file__).resolve().parents[4] / "contracts" / "pacts"


class Ledger:
    """The provider's database, reached from the verifier's thread to set states up and to empty it."""

    def __init__(self, url: str, provider: FakePaymentProvider) -> None:
        self.url, self.provider = url, provider

    def run(self, work) -> None:
        async def with_database() -> None:
            database = Database(self.url, migrations=MIGRATIONS)
            try:
                await work(database)
            finally:
                await database.dispose()

        asyncio.run(with_database())

    def empty(self) -> None:
        async def delete_all(database: Database) -> None:
            async with database.engine.begin() as connection:
                for table in reversed(metadata.sorted_tables):
                    await connection.execute(table.delete())

        self.run(delete_all)
        self.provider.forget()

    def capture(self, order_id: str) -> None:
        command = TakePayment(key=f"seed-{order_id}", fingerprint="seed", order_id=order_id,
                              customer_id="5b1d2c4e-2f0a-4c55-9f7e-3c1f6f4b8a21", amount=Money(1998),
                              card_token="tok_visa", lines=(LedgerLine("1f0c7d1e-8a53-5bd4-9c0e-6a8f0f3c2a11", 2,
                                                                       Money(999)),))

        async def take(database: Database) -> None:
            uow = SqlUnitOfWork(database.engine, source="/musiccorp/payments", notify=lambda: None)
            await handlers.take_payment(command, uow=uow, provider=self.provider, present=charge_answer,
                                        clock=utc_now, lease=timedelta(seconds=15))

        self.run(take)


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    """The payments app served on a real port; its ledger and fake PayBuddy, for the state handlers."""
    url = sqlite_url(tmp_path_factory.mktemp("provider"), "payments")
    paybuddy = FakePaymentProvider()
    ledger = Ledger(url, paybuddy)
    ledger.run(lambda database: database.migrate())
    app = create_app(bootstrap(PaymentsSettings(database_url=url), provider=paybuddy, catalog=InMemoryCatalog(),
                               registry=InMemoryRegistry()))
    with serving(app) as base_url:
        yield base_url, ledger


def _states(ledger: Ledger):
    def authorising(action: str, parameters: dict | None = None) -> None:
        ledger.empty()
        ledger.provider.declined_tokens.clear()

    def declining(action: str, parameters: dict | None = None) -> None:
        ledger.empty()
        ledger.provider.refuse_all = action == "setup"

    def captured(action: str, parameters: dict | None = None) -> None:
        ledger.empty()
        if action == "setup":
            ledger.capture(parameters["order_id"])

    return {
        "PayBuddy authorises charges": authorising,
        "PayBuddy declines charges": declining,
        "a payment was captured for the order": captured,
    }


def verify(base_url: str, ledger: Ledger, contracts: list[Path]) -> None:
    verifier = (Verifier("payments", host="127.0.0.1").add_transport(url=base_url)
                .state_handler(_states(ledger), teardown=True))
    for contract in contracts:
        verifier.add_source(contract)
    verifier.verify()


def test_payments_honours_its_consumers_http_contracts(provider, tmp_path):
    """Every HTTP interaction in every pact naming payments as provider replays green."""
    contracts = provider_contracts("payments", HTTP, contracts=PACTS, scratch=tmp_path)
    assert contracts, "no consumer has published an HTTP contract with payments (orders writes orders-payments.json)"
    verify(*provider, contracts)


def _send(base: str, path: str, body: dict, key: str) -> None:
    request = urllib.request.Request(base + path, method="POST", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json", "Idempotency-Key": key})
    try:
        urllib.request.urlopen(request, timeout=10).close()
    except urllib.error.HTTPError as error:  # a 402 is an answer too
        error.close()


def test_the_promised_provider_states_verify(provider, tmp_path):
    """A saga's pact using each promised state verifies: the state handlers do what the states promise."""
    order_id = "3f0c8a4e-1b2d-4c5e-8f9a-0b1c2d3e4f5a"
    body = {"order_id": order_id, "customer_id": "5b1d2c4e-2f0a-4c55-9f7e-3c1f6f4b8a21",
            "amount": {"amount": "19.98", "currency": "GBP"}, "card_token": "tok_visa",
            "lines": [{"album_id": "1f0c7d1e-8a53-5bd4-9c0e-6a8f0f3c2a11", "quantity": 2,
                       "unit_price": {"amount": "9.99", "currency": "GBP"}}]}
    key = {"Idempotency-Key": f"charge-{order_id}"}
    pact = Pact("saga", "payments").with_specification("V4")
    (pact.upon_receiving("a charge PayBuddy authorises").given("PayBuddy authorises charges")
        .with_request("POST", "/v1/payments").with_headers(key).with_body(body, content_type="application/json")
        .will_respond_with(201).with_body({"status": "captured", "id": match.like("p-1")},
                                          content_type="application/hal+json"))
    (pact.upon_receiving("a charge PayBuddy declines").given("PayBuddy declines charges")
        .with_request("POST", "/v1/payments").with_headers(key).with_body(body, content_type="application/json")
        .will_respond_with(402).with_body({"status": 402, "type": match.regex(
            "https://musiccorp.example/problems/payment-declined", regex=r"^https?://.+/problems/payment-declined$")},
            content_type="application/problem+json"))
    (pact.upon_receiving("a refund of a captured payment").given("a payment was captured for the order",
                                                                  {"order_id": order_id})
        .with_request("POST", "/v1/refunds").with_headers({"Idempotency-Key": f"refund-{order_id}"})
        .with_body({"order_id": order_id, "reason": "out of stock"}, content_type="application/json")
        .will_respond_with(201).with_body({"order_id": order_id, "status": "refunded",
                                           "amount": {"amount": "19.98", "currency": "GBP"}},
                                          content_type="application/hal+json"))
    with pact.serve() as mock:
        for path, document, header in [("/v1/payments", body, key["Idempotency-Key"]),
                                       ("/v1/payments", body, key["Idempotency-Key"]),
                                       ("/v1/refunds", {"order_id": order_id, "reason": "out of stock"},
                                        f"refund-{order_id}")]:
            _send(str(mock.url), path, document, header)
    pact.write_file(tmp_path)
    verify(*provider, [tmp_path / "saga-payments.json"])
