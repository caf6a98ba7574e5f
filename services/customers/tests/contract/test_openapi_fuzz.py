"""Schema fuzzing: schemathesis generates requests from the customers' OpenAPI and checks the answers.

Run against the real app on a migrated SQLite database, registrations included:
every answer must conform to the published schema and no input may cause a
server error (practice 11.14: the docs are the truth).
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
from musiccorp.customers.bootstrap import MIGRATIONS, bootstrap
from musiccorp.customers.config import CustomersSettings
from musiccorp.customers.entrypoints.api import create_app


@pytest.fixture(scope="module")
def customers_app(tmp_path_factory):
    url = sqlite_url(tmp_path_factory.mktemp("fuzz"), "customers")
    database = Database(url, migrations=MIGRATIONS)
    asyncio.run(database.migrate())
    asyncio.run(database.dispose())
    return create_app(bootstrap(CustomersSettings(database_url=url), registry=InMemoryRegistry()))


def test_customers_api_conforms_to_its_schema(customers_app):
    """No generated request gets a 5xx, and every answer matches the OpenAPI document."""
    assert_conforms_to_openapi(customers_app, paths={
        "/v1/customers", "/v1/customers/{customer_id}", "/v1/customers/{customer_id}/address",
        "/v1/customers/{customer_id}/suspension", "/v1/customers/{customer_id}/closure",
    }, max_examples=80)


def _conforms_for(operation, customer_id: str) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def conforms(case) -> None:
        case.path_parameters = {"customer_id": customer_id}
        case.call_and_validate()

    conforms()


def test_a_real_customers_routes_conform_to_the_schema(customers_app):
    """Generated requests aimed at an existing customer (not only unknown ids): no 5xx, answers as documented."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", customers_app)
    client = fuzzing_client(customers_app)
    for number, result in enumerate(schema.get_all_operations()):
        operation = result.ok()
        if "{customer_id}" in operation.path:
            body = {"name": "Fuzz Target", "email": f"fuzz-{number}@example.com",
                    "address": {"line1": "1 Quay", "city": "Bristol", "postcode": "BS1 4DJ", "country": "GB"}}
            _conforms_for(operation, client.post("/v1/customers", json=body).json()["id"])
