"""Schema fuzzing: schemathesis generates requests from the warehouse's OpenAPI and checks the answers.

Run against the real app on a migrated SQLite database with its opening stock:
every answer must conform to the published schema and no input may cause a
server error (practice 11.14: the docs are the truth). The API may refuse
what the schema allows for a business reason — no stock, a country we do not
ship to — with a documented 4xx.
"""

from __future__ import annotations

import asyncio

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from musiccorp.chassis.database import Database
from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.chassis.testing.databases import sqlite_url
from musiccorp.chassis.testing.openapi import assert_conforms_to_openapi, fuzzing_client
from musiccorp.warehouse.bootstrap import MIGRATIONS, bootstrap
from musiccorp.warehouse.config import WarehouseSettings
from musiccorp.warehouse.entrypoints.api import create_app

COASTAL_MEMORY = "4dafff35-5130-581c-af3f-6f10e5597d81"


@pytest.fixture(scope="module")
def warehouse_app(tmp_path_factory):
    url = sqlite_url(tmp_path_factory.mktemp("fuzz"), "warehouse")
    database = Database(url, migrations=MIGRATIONS)
    asyncio.run(database.migrate())
    asyncio.run(database.dispose())
    return create_app(bootstrap(WarehouseSettings(database_url=url), registry=InMemoryRegistry()))


def test_warehouse_api_conforms_to_its_schema(warehouse_app):
    """No generated request gets a 5xx, and every answer matches the OpenAPI document."""
    assert_conforms_to_openapi(warehouse_app, paths={
        "/v1/reservations/{order_id}", "/v1/reservations/{order_id}/confirmation", "/v1/stock/{album_id}",
    }, max_examples=50, business_rules=True)


def _conforms_for(operation, path_parameters: dict[str, str]) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def conforms(case) -> None:
        case.path_parameters = path_parameters
        case.call_and_validate(excluded_checks=[positive_data_acceptance])

    conforms()


def test_a_held_reservations_routes_and_a_stocked_albums_conform_to_the_schema(warehouse_app):
    """Generated requests aimed at a held reservation and a stocked album (not only unknown ids): as documented."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", warehouse_app)
    client = fuzzing_client(warehouse_app)  # on schemathesis' loop; it only makes a hold
    for number, result in enumerate(schema.get_all_operations()):
        operation = result.ok()
        order_id = f"fuzz-{number}"
        held = client.put(f"/v1/reservations/{order_id}", json={
            "ship_to_country": "GB", "lines": [{"album_id": COASTAL_MEMORY, "quantity": 1}]})
        assert held.status_code == 201
        known = {"order_id": order_id, "album_id": COASTAL_MEMORY}
        _conforms_for(operation, {name: value for name, value in known.items() if f"{{{name}}}" in operation.path})
