import pytest
from sqlalchemy import text

from musiccorp.chassis.database import Database
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


async def _migrate_twice_and_use(url: str, migrations) -> None:
    database = Database(url, migrations=migrations)
    try:
        await database.migrate()
        await database.migrate()
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
