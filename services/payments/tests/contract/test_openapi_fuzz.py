"""Schema fuzzing: schemathesis generates requests from the payments' OpenAPI and checks the answers.

Run against the real app on a migrated SQLite ledger, with a fake PayBuddy and
catalog: every answer must conform to the published schema and no input may
cause a server error (practice 11.14: the docs are the truth). Charges and
refunds may be refused for business reasons the schema cannot express (lines
that do not add up, a declined card), each with a documented 4xx.
"""

from __future__ import annotations

import asyncio

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from musiccorp.chassis.database import Database
from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.chassis.testing.databases import sqlite_url
from musiccorp.chassis.testing.openapi import assert_conforms_to_openapi, fuzzing_client
from musiccorp.payments.adapters.memory import FakePaymentProvider, InMemoryCatalog
from musiccorp.payments.bootstrap import MIGRATIONS, bootstrap
from musiccorp.payments.config import PaymentsSettings
from musiccorp.payments.entrypoints.api import create_app

PATHS = {"/v1/payments", "/v1/payments/{payment_id}", "/v1/refunds", "/v1/statements/{customer_id}",
         "/v1/paybuddy/notifications"}
PAYMENT = {"order_id": "fuzz-order", "customer_id": "fuzz-customer", "amount": {"amount": "9.99", "currency": "GBP"},
           "card_token": "tok_visa", "lines": [{"album_id": "album-1", "quantity": 1,
                                                "unit_price": {"amount": "9.99", "currency": "GBP"}}]}


@pytest.fixture(scope="module")
def payments_app(tmp_path_factory):
    url = sqlite_url(tmp_path_factory.mktemp("fuzz"), "payments")
    database = Database(url, migrations=MIGRATIONS)
    asyncio.run(database.migrate())
    asyncio.run(database.dispose())
    return create_app(bootstrap(PaymentsSettings(database_url=url), provider=FakePaymentProvider(),
                                catalog=InMemoryCatalog({"album-1": "Blue River"}), registry=InMemoryRegistry()))


def test_payments_api_conforms_to_its_schema(payments_app):
    """No generated request gets a 5xx, and every answer matches the OpenAPI document."""
    assert_conforms_to_openapi(payments_app, paths=PATHS, max_examples=30, business_rules=True)


def _conforms_for(operation, parameters: dict[str, str]) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def conforms(case) -> None:
        case.path_parameters = parameters
        case.call_and_validate()

    conforms()


def test_a_real_payments_routes_conform_to_the_schema(payments_app):
    """Generated requests aimed at an existing payment and customer (not only unknown ids) conform too."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", payments_app)
    with fuzzing_client(payments_app) as client:
        payment = client.post("/v1/payments", json=PAYMENT, headers={"Idempotency-Key": "fuzz"}).json()
    targets = {"{payment_id}": {"payment_id": payment["id"]}, "{customer_id}": {"customer_id": "fuzz-customer"}}
    for result in schema.get_all_operations():
        operation = result.ok()
        for marker, parameters in targets.items():
            if marker in operation.path:
                _conforms_for(operation, parameters)
