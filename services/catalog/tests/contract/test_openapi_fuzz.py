"""Schema fuzzing: schemathesis generates requests from the catalog's OpenAPI and checks the answers.

Run against the real app on a migrated, seeded SQLite database. Every answer
must conform to the published schema (status codes, content types, bodies) and
no input may cause a server error (practice 11.14: the docs are the truth).
"""

from __future__ import annotations

import asyncio

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from musiccorp.catalog.adapters.repository import SqlCatalogRepository
from musiccorp.catalog.bootstrap import MIGRATIONS, bootstrap
from musiccorp.catalog.config import CatalogSettings
from musiccorp.catalog.entrypoints.api import create_app
from musiccorp.chassis.database import Database
from musiccorp.chassis.discovery import InMemoryRegistry


@pytest.fixture(scope="module")
def catalog_schema(tmp_path_factory):
    url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('fuzz')}/catalog.db"
    database = Database(url, migrations=MIGRATIONS)
    asyncio.run(database.migrate())
    asyncio.run(database.dispose())
    fresh = Database(url)
    app = create_app(bootstrap(CatalogSettings(database_url=url), registry=InMemoryRegistry(),
                               repository=SqlCatalogRepository(fresh.engine)))
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_catalog_api_conforms_to_its_schema(catalog_schema):
    """No generated request gets a 5xx, and every answer matches the OpenAPI document."""
    operations = [result.ok() for result in catalog_schema.get_all_operations()]
    assert {op.path for op in operations} == {"/v1/albums", "/v1/albums/{album_id}", "/v1/artists/{artist_id}"}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def conforms(case):
            case.call_and_validate()

        conforms()
