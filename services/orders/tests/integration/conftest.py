from __future__ import annotations

from collections.abc import Callable

import pytest

from musiccorp.chassis.testing.databases import row_count
from musiccorp.orders.adapters.unit_of_work import SqlUnitOfWork
from musiccorp.orders.domain.saga import Saga

SOURCE = "/musiccorp/orders"


@pytest.fixture
def unit_of_work(database, notified) -> Callable[[], SqlUnitOfWork]:
    """Units of work on the chassis' test ``database`` (the orders schema); relay wake-ups go to ``notified``."""
    return lambda: SqlUnitOfWork(database.engine, source=SOURCE, notify=lambda: notified.append("outbox"))


@pytest.fixture
def units_on():
    """Units of work on another engine over the same database: ``units_on(database)``, as another process has."""
    return lambda database: (lambda: SqlUnitOfWork(database.engine, source=SOURCE, notify=lambda: None))


@pytest.fixture
def count():
    """Rows of a table: ``await count(database, orders)``."""
    return row_count


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
