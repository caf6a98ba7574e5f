"""Migration 0002 adds the ledger to a database that already has accounts (SQLite and PostgreSQL)."""

from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import select

from musiccorp.chassis.database import Database
from musiccorp.loyalty.adapters.repository import SqlAccountReader
from musiccorp.loyalty.adapters.tables import accounts, entries
from musiccorp.loyalty.bootstrap import MIGRATIONS
from musiccorp.loyalty.domain.model import EntryKind

OPENED = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def _upgrade_to(connection, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


@pytest.fixture
async def database(database_url):
    database = Database(database_url, migrations=MIGRATIONS)
    yield database
    await database.dispose()


async def test_existing_accounts_get_their_opening_entry(database):
    """An account opened before the ledger existed gets an opening entry carrying its balance."""
    async with database.engine.begin() as connection:
        await connection.run_sync(_upgrade_to, "0001")
        await connection.execute(accounts.insert().values(customer_id="c-1", points=7, opened_at=OPENED))
    await database.migrate()
    async with database.engine.connect() as connection:
        rows = (await connection.execute(select(entries.c.customer_id, entries.c.kind, entries.c.points))).all()
    assert [tuple(row) for row in rows] == [("c-1", "opened", 7)]
    account = await SqlAccountReader(database.engine).get("c-1")
    assert (account.points, [(e.kind, e.at) for e in account.entries]) == (7, [(EntryKind.OPENED, OPENED)])
