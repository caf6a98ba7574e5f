"""Fixtures every MusicCorp test suite gets (installed through the ``pytest11`` entry point).

``nats_url`` is one real nats-server per test session (per xdist worker), so
tests share it: give each its own bucket or subject with ``unique_name``.

``database`` is a service's schema on a fresh database, once on SQLite and once
on PostgreSQL: a service's ``tests/conftest.py`` names its migrations once,

    @pytest.fixture
    def migrations() -> Path:
        return MIGRATIONS

and ``notified`` records each wake-up of the outbox relay by a unit of work
(``notify=lambda: notified.append("outbox")``).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from musiccorp.chassis.database import Database
from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.chassis.http import HttpClient
from musiccorp.chassis.testing._clock import FakeClock, FakeUtcClock
from musiccorp.chassis.testing._nats_server import running_nats_server
from musiccorp.chassis.testing._stub import StubServer
from musiccorp.chassis.testing.databases import (
    POSTGRES_URL_VARIABLE,
    migrated_database,
    postgres_base_url,
    sqlite_url,
    temporary_postgres_database,
)


@pytest.fixture(scope="session")
def nats_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a real nats-server with JetStream, shared by the session's tests."""
    with running_nats_server(tmp_path_factory.mktemp("nats")) as url:
        yield url


@pytest.fixture
def unique_name(request: pytest.FixtureRequest) -> str:
    """A name no other test uses, valid as a KV bucket, stream or subject token."""
    stem = re.sub(r"[^A-Za-z0-9_]", "_", request.node.name)[:40]
    return f"{stem}_{uuid.uuid4().hex[:8]}"


@pytest.fixture
def fake_clock() -> FakeClock:
    """Time that moves only when the test calls ``advance``."""
    return FakeClock()


@pytest.fixture
def clock() -> FakeUtcClock:
    """The wall clock a service's use cases read (a :data:`~musiccorp.chassis.clock.Clock`), still until the test
    moves it: ``clock.advance(minutes=15)``."""
    return FakeUtcClock()


@pytest.fixture
def registry() -> InMemoryRegistry:
    """An empty in-memory service registry."""
    return InMemoryRegistry()


@pytest_asyncio.fixture
async def stub_server() -> AsyncIterator[StubServer]:
    """A started :class:`StubServer`, closed after the test."""
    async with StubServer() as stub:
        yield stub


@pytest_asyncio.fixture
async def http_client() -> AsyncIterator[HttpClient]:
    """An :class:`HttpClient` with a real connection pool, closed after the test."""
    async with HttpClient() as client:
        yield client


@pytest_asyncio.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def database_url(request: pytest.FixtureRequest, tmp_path) -> AsyncIterator[str]:
    """A fresh, empty database URL — once on SQLite and once on PostgreSQL for every test that asks.

    PostgreSQL comes from ``MUSICCORP_TEST_POSTGRES_URL`` (``make test`` and CI set it); the test's
    own database is created for it and dropped afterwards.
    """
    if request.param == "sqlite":
        yield sqlite_url(tmp_path)
        return
    base = postgres_base_url()
    if base is None:
        pytest.skip(f"{POSTGRES_URL_VARIABLE} is not set (make test and CI set it)")
    async with temporary_postgres_database(base) as url:
        yield url


@pytest.fixture
def migrations() -> Path | None:
    """The migrations ``database`` runs; a service's ``tests/conftest.py`` returns its ``MIGRATIONS`` here."""
    return None


@pytest_asyncio.fixture
async def database(database_url: str, migrations: Path | None) -> AsyncIterator[Database]:
    """The service's schema (its ``migrations``) on SQLite and on PostgreSQL (``database_url``)."""
    async with migrated_database(database_url, migrations) as database:
        yield database


@pytest.fixture
def notified() -> list[str]:
    """Wake-ups of the outbox relay: give a unit of work ``notify=lambda: notified.append("outbox")``."""
    return []
