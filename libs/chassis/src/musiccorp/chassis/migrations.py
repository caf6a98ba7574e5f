"""Running a service's Alembic migrations: the body of its ``env.py``, and the process that runs them.

Every service's ``env.py`` is ``from musiccorp.chassis.migrations import
run_migrations; run_migrations()``. Migrations always run on the connection the
service hands over (:meth:`musiccorp.chassis.database.Database.migrate`),
online, in one transaction.

A running service migrates in a process of its own (``Database.migrate(isolated=True)``)::

    MUSICCORP_MIGRATE_DATABASE_URL=URL python -m musiccorp.chassis.migrations MIGRATIONS

which exits 0 when the schema is at head, and otherwise prints one line on
stderr and exits 1.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from musiccorp.chassis.database import MIGRATE_URL_VARIABLE, Database

__all__ = ["main", "run_migrations"]


def run_migrations() -> None:
    from alembic import context

    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("migrations run through Database.migrate(), which supplies the connection")
    context.configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


async def _migrate(url: str, migrations: Path) -> None:
    database = Database(url, migrations=migrations, pool_size=1)
    try:
        await database.migrate()
    finally:
        await database.dispose()


def main(argv: list[str]) -> int:
    """``python -m musiccorp.chassis.migrations MIGRATIONS``, the database URL in ``MUSICCORP_MIGRATE_DATABASE_URL``."""
    url = os.environ.get(MIGRATE_URL_VARIABLE)
    if len(argv) != 2 or not url:
        print(f"usage: {MIGRATE_URL_VARIABLE}=URL python -m musiccorp.chassis.migrations MIGRATIONS", file=sys.stderr)
        return 2
    try:
        asyncio.run(_migrate(url, Path(argv[1])))
    except Exception as exc:  # noqa: BLE001 - one readable line for the service that waits on us
        print(f"{type(exc).__name__}: {exc}".splitlines()[0], file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
