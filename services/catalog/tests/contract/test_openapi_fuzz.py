"""Schema fuzzing: schemathesis generates requests from the catalog's OpenAPI and checks the answers.

Run against the real app on a migrated, seeded SQLite database. Every answer
must conform to the published schema (status codes, content types, bodies) and
no input may cause a server error (practice 11.14: the docs are the truth).
"""

from __future__ import annotations

import asyncio

import pytest

from musiccorp.catalog.adapters.repository import SqlCatalogRepository
from musiccorp.catalog.bootstrap import MIGRATIONS, bootstrap
from musiccorp.catalog.config import CatalogSettings
from musiccorp.catalog.entrypoints.api import create_app
from musiccorp.chassis.database import Database
from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.chassis.testing.openapi import assert_conforms_to_openapi


@pytest.fixture(scope="module")
def catalog_app(tmp_path_factory):
    url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('fuzz')}/catalog.db"
    database = Database(url, migrations=MIGRATIONS)
    asyncio.run(database.migrate())
    asyncio.run(database.dispose())
    fresh = Database(url)
    return create_app(bootstrap(CatalogSettings(database_url=url), registry=InMemoryRegistry(),
                                repository=SqlCatalogRepository(fresh.engine)))


def test_catalog_api_conforms_to_its_schema(catalog_app):
    """No generated request gets a 5xx, and every answer matches the OpenAPI document."""
    assert_conforms_to_openapi(catalog_app, paths={"/v1/albums", "/v1/albums/{album_id}", "/v1/artists/{artist_id}"},
                               max_examples=80)
