"""Run a service's migrations in their own process: ``python -m musiccorp.chassis.migrate MIGRATIONS``.

The database URL comes from ``MUSICCORP_MIGRATE_DATABASE_URL``. Exits 0 when the
schema is at head; otherwise prints one line on stderr and exits 1.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from musiccorp.chassis.database import MIGRATE_URL_VARIABLE, Database


async def _migrate(url: str, migrations: Path) -> None:
    database = Database(url, migrations=migrations, pool_size=1)
    try:
        await database.migrate()
    finally:
        await database.dispose()


def main(argv: list[str]) -> int:
    url = os.environ.get(MIGRATE_URL_VARIABLE)
    if len(argv) != 2 or not url:
        print(f"usage: {MIGRATE_URL_VARIABLE}=URL python -m musiccorp.chassis.migrate MIGRATIONS", file=sys.stderr)
        return 2
    try:
        asyncio.run(_migrate(url, Path(argv[1])))
    except Exception as exc:  # noqa: BLE001 - one readable line for the service that waits on us
        print(f"{type(exc).__name__}: {exc}".splitlines()[0], file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
