"""The SQL unit of work services subclass: one transaction, its outbox rows, the relay woken after a commit."""

from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from musiccorp.chassis.database import Database
from musiccorp.chassis.events import Event
from musiccorp.chassis.testing import create_event_tables, outbox_rows
from musiccorp.chassis.unit_of_work import SqlUnitOfWork

SOURCE = "/musiccorp/example"
NOTES = sa.Table("notes", sa.MetaData(), sa.Column("text", sa.String, primary_key=True))


class NoteUnitOfWork(SqlUnitOfWork):
    """A service's unit: its one "repository" writes notes; a commit announces each note it wrote."""

    def _open(self, connection) -> None:
        self.written: list[str] = []

        async def write(text: str) -> None:
            await connection.execute(NOTES.insert().values(text=text))
            self.written.append(text)

        self.write = write

    async def commit(self) -> None:
        await self._complete(Event(type="example.note.written.v1", subject=text, data={}) for text in self.written)

    async def __aexit__(self, *exc_info: object) -> None:
        await self.rollback()


@pytest.fixture
async def database(tmp_path):
    database = Database(f"sqlite+aiosqlite:///{tmp_path}/example.db")
    await create_event_tables(database.engine)
    async with database.engine.begin() as connection:
        await connection.run_sync(NOTES.metadata.create_all)
    yield database
    await database.dispose()


async def notes(database) -> list[str]:
    async with database.engine.connect() as connection:
        return list(await connection.scalars(sa.select(NOTES.c.text)))


async def test_a_commit_writes_the_change_and_its_events_then_wakes_the_relay(database, notified):
    """The note and its outbox row commit together; the relay is woken once, after the commit."""
    uow = NoteUnitOfWork(database.engine, source=SOURCE, notify=lambda: notified.append("outbox"))
    async with uow:
        await uow.write("hello")
        await uow.commit()
    assert await notes(database) == ["hello"]
    assert [(row.type, row.subject) for row in await outbox_rows(database.engine)] == [
        ("example.note.written.v1", "hello")]
    assert notified == ["outbox"]


async def test_leaving_without_a_commit_rolls_back_and_wakes_nothing(database, notified):
    """No commit: neither the note nor its event stays, and the relay is left alone."""
    uow = NoteUnitOfWork(database.engine, source=SOURCE, notify=lambda: notified.append("outbox"))
    async with uow:
        await uow.write("lost")
    assert (await notes(database), await outbox_rows(database.engine), notified) == ([], [], [])


async def test_a_commit_without_events_does_not_wake_the_relay(database, notified):
    """Nothing announced, nothing to wake the relay for; a unit may be used again, one block after another."""
    uow = NoteUnitOfWork(database.engine, source=SOURCE, notify=lambda: notified.append("outbox"))
    for _ in range(2):
        async with uow:
            await uow.commit()
    assert notified == []


async def test_a_joined_unit_writes_in_its_callers_transaction_and_commits_nothing(database, notified):
    """Inside the consumer's transaction: the caller commits, or rolls back everything the unit wrote."""
    runtime = SimpleNamespace(source=SOURCE, database=database, notify_outbox=lambda: notified.append("outbox"))
    with pytest.raises(RuntimeError):
        async with database.engine.begin() as connection:
            async with NoteUnitOfWork.joining(runtime)(connection) as uow:
                await uow.write("in a delivery")
                await uow.commit()
            raise RuntimeError("the handler failed after the unit committed")
    assert (await notes(database), await outbox_rows(database.engine), notified) == ([], [], [])
    async with database.engine.begin() as connection, NoteUnitOfWork.joining(runtime)(connection) as uow:
        await uow.write("handled")
        await uow.commit()
    assert (await notes(database), len(await outbox_rows(database.engine)), notified) == (["handled"], 1, [])


async def test_the_factory_makes_units_on_the_runtimes_database_that_wake_its_relay(database, notified):
    """``factory(runtime)`` is what a bootstrap wires: each unit owns its transaction and wakes the runtime's relay."""
    runtime = SimpleNamespace(source=SOURCE, database=database, notify_outbox=lambda: notified.append("outbox"))
    uow = NoteUnitOfWork.factory(runtime)
    async with uow() as unit:
        await unit.write("wired")
        await unit.commit()
    assert (await notes(database), notified) == (["wired"], ["outbox"])
    assert (await outbox_rows(database.engine))[0].envelope.source == SOURCE


def test_a_unit_owns_a_transaction_or_joins_one_not_both():
    """A unit given neither an engine nor a connection (or both) is refused at once."""
    with pytest.raises(ValueError, match="either owns"):
        SqlUnitOfWork(source=SOURCE)
