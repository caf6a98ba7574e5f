from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from musiccorp.chassis.database import Database
from musiccorp.orders.adapters.unit_of_work import SqlUnitOfWork
from musiccorp.orders.bootstrap import MIGRATIONS
from musiccorp.orders.domain.saga import Saga

SOURCE = "/musiccorp/orders"


@pytest.fixture
async def database(database_url):
    """The orders schema on SQLite and on PostgreSQL (the chassis plugin's ``database_url``)."""
    database = Database(database_url, migrations=MIGRATIONS)
    await database.migrate()
    yield database
    await database.dispose()


@pytest.fixture
def notified() -> list[str]:
    return []


@pytest.fixture
def unit_of_work(database, notified) -> Callable[[], SqlUnitOfWork]:
    """A factory of units of work on the test database; each wake-up of the outbox relay is noted in ``notified``."""
    return lambda: SqlUnitOfWork(database.engine, source=SOURCE, notify=lambda: notified.append("outbox"))


@pytest.fixture
def units_on():
    """Units of work on another engine over the same database: ``units_on(database)``, as another process has."""
    return lambda database: (lambda: SqlUnitOfWork(database.engine, source=SOURCE, notify=lambda: None))


@pytest.fixture
def count():
    """Rows of a table: ``await count(database, orders)``."""

    async def count(database: Database, table) -> int:
        async with database.engine.connect() as connection:
            return await connection.scalar(select(func.count()).select_from(table))

    return count


@pytest.fixture
def store_placed(make_order):
    """Store a placed order with its saga, due now and leased to nobody: ``await store_placed(unit_of_work)``."""

    async def store_placed(unit_of_work, order_id: str = "0c6b1f4e-9d2a-4f6e-8a51-3b7c2d1e0f9a"):
        order = make_order(order_id)
        async with unit_of_work() as uow:
            await uow.orders.add(order)
            await uow.sagas.add(Saga(order.id), lease=None, due_at=0.0)
            await uow.commit()
        return order

    return store_placed
