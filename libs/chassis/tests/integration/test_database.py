import pytest
from sqlalchemy import text

from musiccorp.chassis.database import Database, MigrationFailed
from musiccorp.chassis.testing.databases import (
    POSTGRES_URL_VARIABLE,
    postgres_base_url,
    temporary_postgres_database,
)

MIGRATION = '''
from alembic import op
import sqlalchemy as sa
revision = "0001"
down_revision = None
branch_labels = None
depends_on = None
def upgrade():
    op.create_table("notes", sa.Column("id", sa.Integer, primary_key=True), sa.Column("body", sa.Text))
def downgrade():
    op.drop_table("notes")
'''


@pytest.fixture
def migrations(tmp_path):
    folder = tmp_path / "migrations"
    (folder / "versions").mkdir(parents=True)
    (folder / "env.py").write_text("from musiccorp.chassis.migrations import run_migrations\nrun_migrations()\n")
    (folder / "versions" / "0001_notes.py").write_text(MIGRATION)
    return folder


async def _migrate_twice_and_use(url: str, migrations, *, isolated: bool = False) -> None:
    database = Database(url, migrations=migrations)
    try:
        await database.migrate(isolated=isolated)
        await database.migrate(isolated=isolated)
        await database.ping()
        async with database.engine.begin() as connection:
            await connection.execute(text("INSERT INTO notes (body) VALUES ('hello')"))
        async with database.engine.connect() as connection:
            assert (await connection.execute(text("SELECT body FROM notes"))).scalar_one() == "hello"
            version = (await connection.execute(text("SELECT version_num FROM alembic_version"))).scalar_one()
            assert version == "0001"
    finally:
        await database.dispose()


async def test_sqlite_file_database_is_migrated_once_and_usable(tmp_path, migrations):
    """Migrations create the schema in a new SQLite file; a second run changes nothing."""
    await _migrate_twice_and_use(f"sqlite+aiosqlite:///{tmp_path}/data/svc.db", migrations)
    assert (tmp_path / "data" / "svc.db").is_file()


@pytest.fixture
async def postgres_url():
    base = postgres_base_url()
    if base is None:
        pytest.skip(f"{POSTGRES_URL_VARIABLE} is not set (make test and CI set it)")
    async with temporary_postgres_database(base) as url:
        yield url


@pytest.mark.postgres
async def test_postgres_database_is_migrated_once_and_usable(postgres_url, migrations):
    """The same migrations run on PostgreSQL, under an advisory lock."""
    await _migrate_twice_and_use(postgres_url, migrations)


@pytest.mark.postgres
async def test_isolated_migration_runs_in_a_child_process(postgres_url, migrations):
    """migrate(isolated=True) brings the schema to head from a child process, without alembic here."""
    await _migrate_twice_and_use(postgres_url, migrations, isolated=True)


async def test_isolated_migration_on_sqlite(tmp_path, migrations):
    """A service's own start-up path (isolated) migrates its SQLite file too."""
    await _migrate_twice_and_use(f"sqlite+aiosqlite:///{tmp_path}/iso.db", migrations, isolated=True)


async def test_a_failing_migration_stops_start_up_with_one_line(tmp_path, migrations):
    """A broken migration raises MigrationFailed naming the cause, not a child's traceback."""
    (migrations / "versions" / "0002_broken.py").write_text(
        MIGRATION.replace('"0001"', '"0002"', 1).replace("down_revision = None", 'down_revision = "0001"')
        .replace('op.create_table("notes"', 'op.execute("SELECT * FROM no_such_table"); op.create_table("x"'))
    database = Database(f"sqlite+aiosqlite:///{tmp_path}/broken.db", migrations=migrations)
    with pytest.raises(MigrationFailed, match="no_such_table"):
        await database.migrate(isolated=True)
    await database.dispose()


async def test_every_commit_is_counted_for_the_metrics(database_url, migrations):
    from musiccorp.chassis.metrics import DB_COMMITS

    database = Database(database_url, migrations=migrations)
    try:
        await database.migrate()
        before = DB_COMMITS._value.get()
        for n in range(3):
            async with database.engine.begin() as connection:
                await connection.execute(text("INSERT INTO notes (id, body) VALUES (:id, 'x')"), {"id": n})
        async with database.engine.connect() as connection:  # a read that never commits
            await connection.execute(text("SELECT count(*) FROM notes"))
        assert DB_COMMITS._value.get() - before == 3
    finally:
        await database.engine.dispose()
