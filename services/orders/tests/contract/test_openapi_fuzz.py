"""Schema fuzzing: schemathesis generates requests from the orders' OpenAPI and checks the answers.

Run against the real app on a migrated SQLite database, the catalog and the
saga's participants faked: no input may cause a server error, and every answer
must match the published schema (practice 11.14: the docs are the truth).
"""

from __future__ import annotations

import asyncio
import uuid

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from musiccorp.chassis.database import Database
from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.chassis.testing.databases import sqlite_url
from musiccorp.chassis.testing.openapi import assert_conforms_to_openapi, fuzzing_client
from musiccorp.orders.adapters.memory import FakeCatalog, fake_participants
from musiccorp.orders.bootstrap import MIGRATIONS, bootstrap
from musiccorp.orders.config import OrdersSettings
from musiccorp.orders.domain.model import PricedAlbum
from musiccorp.orders.domain.money import Money
from musiccorp.orders.entrypoints.api import create_app

ALBUM = PricedAlbum("1f0c7d1e-8a53-5bd4-9c0e-6a8f0f3c2a11", "Blue River", "Nina Valdés", Money(999))


@pytest.fixture(scope="module")
def orders_app(tmp_path_factory):
    url = sqlite_url(tmp_path_factory.mktemp("fuzz"), "orders")
    database = Database(url, migrations=MIGRATIONS)
    asyncio.run(database.migrate())
    asyncio.run(database.dispose())
    return create_app(bootstrap(OrdersSettings(database_url=url), registry=InMemoryRegistry(),
                                catalog=FakeCatalog([ALBUM]), participants=fake_participants()))


def test_orders_api_conforms_to_its_schema(orders_app):
    """No generated request gets a 5xx, and every answer matches the OpenAPI document."""
    assert_conforms_to_openapi(orders_app, paths={
        "/v1/carts/{customer_id}", "/v1/carts/{customer_id}/items/{album_id}", "/v1/orders",
        "/v1/orders/{order_id}",
    }, max_examples=40, business_rules=True)


def _conforms(operation, prepare, examples: int = 30) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def conforms(case) -> None:
        prepare(case)
        case.call_and_validate()

    conforms()


def test_orders_of_a_real_album_and_a_real_order_conform(orders_app):
    """Generated orders naming an album the catalog has (so they are placed), and reads of a placed order."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", orders_app)
    place = schema["/v1/orders"]["POST"]

    def real_album(case) -> None:
        case.body["lines"] = [{"album_id": ALBUM.id, "quantity": case.body["lines"][0]["quantity"]}]
        case.headers = {**(case.headers or {}), "Idempotency-Key": str(uuid.uuid4())}  # each case a new order

    _conforms(place, real_album)
    order = fuzzing_client(orders_app).post("/v1/orders", headers={"Idempotency-Key": "fuzz-1"}, json={
        "customer_id": "fuzz", "card_token": "tok_visa", "lines": [{"album_id": ALBUM.id, "quantity": 1}],
        "shipping_address": {"name": "N", "line1": "1 Quay", "city": "Bristol", "postcode": "BS1",
                             "country": "GB"}}).json()

    def that_order_briefly(case) -> None:
        case.path_parameters = {"order_id": order["id"]}
        if case.query and "wait" in case.query:  # long-polls are tested elsewhere; here only the shapes
            case.query["wait"] = min(float(case.query["wait"]), 0.05)

    _conforms(schema["/v1/orders/{order_id}"]["GET"], that_order_briefly)
