"""Schema fuzzing: schemathesis generates requests from the shipping OpenAPI and checks the answers.

Run against the real app on a migrated SQLite database: every answer must
conform to the published schema and no input may cause a server error
(practice 11.14: the docs are the truth).
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
from musiccorp.shipping.bootstrap import MIGRATIONS, bootstrap
from musiccorp.shipping.config import ShippingSettings
from musiccorp.shipping.entrypoints.api import create_app

BODY = {"customer_id": "c-1", "items": [{"album_id": "album-1", "quantity": 1}],
        "address": {"name": "Fuzz Target", "line1": "1 Quay", "city": "Bristol", "postcode": "BS1 4DJ",
                    "country": "GB"}}


@pytest.fixture(scope="module")
def shipping_app(tmp_path_factory):
    url = sqlite_url(tmp_path_factory.mktemp("fuzz"), "shipping")
    database = Database(url, migrations=MIGRATIONS)
    asyncio.run(database.migrate())
    asyncio.run(database.dispose())
    return create_app(bootstrap(ShippingSettings(database_url=url), registry=InMemoryRegistry()))


def test_shipping_api_conforms_to_its_schema(shipping_app):
    """No generated request gets a 5xx, and every answer matches the OpenAPI document.

    Business rules: a second PUT for an order with another body is a documented 422.
    """
    assert_conforms_to_openapi(shipping_app, paths={"/v1/shipments/{order_id}", "/v1/tracking/{tracking_number}"},
                               business_rules=True)


def _conforms_for(operation, parameters: dict[str, str]) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def conforms(case) -> None:
        case.path_parameters = parameters
        case.call_and_validate()

    conforms()


def test_a_real_shipments_routes_conform_to_the_schema(shipping_app):
    """Generated requests aimed at an existing shipment and its tracking number: no 5xx, answers as documented."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", shipping_app)
    client = fuzzing_client(shipping_app)
    for number, result in enumerate(schema.get_all_operations()):
        operation = result.ok()
        if operation.method.upper() == "PUT":
            continue  # generated bodies for an existing order are refused by design (422), as the first test shows
        shipment = client.put(f"/v1/shipments/fuzz-{number}", json=BODY).json()
        known = {"order_id": shipment["order_id"], "tracking_number": shipment["tracking_number"]}
        _conforms_for(operation, {name: value for name, value in known.items() if f"{{{name}}}" in operation.path})
