"""The service's own database: an async SQLAlchemy engine from a URL, and its migrations.

SQLite by default (one file per service), PostgreSQL by URL — the same code. The
schema is owned by the service and changed only by its Alembic migrations,
which run at start (practice 5.11); on PostgreSQL an advisory lock keeps two
instances starting together from migrating at once.

A running service migrates *isolated*: a short-lived child process
(``python -m musiccorp.chassis.migrations``) does the work, as an init container
would, so Alembic never occupies the service's own memory (~12 MiB each).
"""

from __future__ import annotations

import asyncio
import os
import sys
import zlib
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from musiccorp.chassis.metrics import DB_COMMITS

__all__ = ["Database", "MigrationFailed"]

MIGRATE_URL_VARIABLE = "MUSICCORP_MIGRATE_DATABASE_URL"


def _count_commit(_connection) -> None:
    DB_COMMITS.inc()


class MigrationFailed(RuntimeError):
    """The schema could not be brought up to date; the service must not start."""


class Database:
    """One engine per process; ``migrate()`` at start, ``ping()`` for readiness."""

    def __init__(self, url: str, *, migrations: Path | None = None, pool_size: int = 10) -> None:
        self.url = make_url(url)
        self.migrations = migrations
        self.engine: AsyncEngine = self._create_engine(pool_size)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    def _create_engine(self, pool_size: int) -> AsyncEngine:
        if not self.is_sqlite:
            engine = create_async_engine(self.url, pool_size=pool_size, max_overflow=pool_size,
                                         pool_pre_ping=False)
        else:
            database = self.url.database
            if database and database != ":memory:":
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            engine = create_async_engine(self.url)
            event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "commit", _count_commit)
        return engine

    @property
    def is_in_memory(self) -> bool:
        return self.is_sqlite and self.url.database in (None, "", ":memory:")

    async def migrate(self, *, isolated: bool = False) -> None:
        """Bring the schema to the newest migration, here or in a child process (``isolated``)."""
        if self.migrations is None:
            return
        if isolated and not self.is_in_memory:
            await self._migrate_in_child()
            return
        async with self.engine.begin() as connection:
            if not self.is_sqlite:
                lock = zlib.crc32(str(self.migrations).encode())
                await connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock})
            await connection.run_sync(_upgrade, self.migrations)

    async def _migrate_in_child(self) -> None:
        # The URL travels in the environment, not argv, so a password never shows in `ps`.
        env = {**os.environ, MIGRATE_URL_VARIABLE: self.url.render_as_string(hide_password=False)}
        child = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "musiccorp.chassis.migrations", str(self.migrations),
            env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
        _, stderr = await child.communicate()
        if child.returncode != 0:
            last = stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
            raise MigrationFailed(f"migrations in {self.migrations} failed: {last[0]}")

    async def ping(self) -> None:
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers proceed while one writer commits; NORMAL is durable enough with WAL.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _upgrade(connection, migrations: Path) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
