"""Throw-away databases for integration tests: a SQLite file, or a fresh PostgreSQL database.

PostgreSQL tests use the server named by ``MUSICCORP_TEST_POSTGRES_URL`` (CI and
``make test`` point it at the machine's PostgreSQL). Each test creates its own
database and drops it afterwards, so tests never see each other's rows and can
run in parallel.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import sqlalchemy as sa

from musiccorp.chassis.database import Database

__all__ = ["POSTGRES_URL_VARIABLE", "migrated_database", "postgres_base_url", "row_count", "sqlite_url",
           "temporary_postgres_database"]

POSTGRES_URL_VARIABLE = "MUSICCORP_TEST_POSTGRES_URL"


def postgres_base_url() -> str | None:
    return os.environ.get(POSTGRES_URL_VARIABLE) or None


def sqlite_url(folder: Path, name: str = "service") -> str:
    return f"sqlite+aiosqlite:///{folder}/{name}.db"


@contextlib.asynccontextmanager
async def temporary_postgres_database(base_url: str, *, prefix: str = "musiccorp_test") -> AsyncIterator[str]:
    """Create a database on the server of ``base_url``; yield its SQLAlchemy URL; drop it."""
    import asyncpg

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(base_url)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        try:
            server = base_url.rsplit("/", 1)[0].split("://", 1)[1]
            yield f"postgresql+asyncpg://{server}/{name}"
        finally:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


@contextlib.asynccontextmanager
async def migrated_database(url: str, migrations: Path | None) -> AsyncIterator[Database]:
    """The database at ``url`` with ``migrations`` run on it; its engine is disposed of afterwards."""
    database = Database(url, migrations=migrations)
    try:
        await database.migrate()
        yield database
    finally:
        await database.dispose()


async def row_count(database: Database, table: sa.Table) -> int:
    """How many rows ``table`` holds now."""
    async with database.engine.connect() as connection:
        return await connection.scalar(sa.select(sa.func.count()).select_from(table))
