"""Leases on SQLite and PostgreSQL: one runner at a time drives a saga, and a dead runner's sagas are taken over."""

import asyncio
import time

import pytest

from musiccorp.chassis.database import Database
from musiccorp.chassis.testing import eventually
from musiccorp.orders.adapters.memory import fake_participants
from musiccorp.orders.domain.errors import LeaseLost
from musiccorp.orders.domain.model import Status
from musiccorp.orders.domain.saga import CHECKOUT, Saga
from musiccorp.orders.service_layer.ports import Lease, LogEntry
from musiccorp.orders.service_layer.saga_runner import SagaRunner

ORDERS = 12


def order_id(number: int) -> str:
    return f"00000000-0000-4000-8000-{number:012d}"


async def test_two_runners_on_one_database_never_run_the_same_step_at_once(
        database_url, database, units_on, store_placed, fast):
    """Two processes' runners poll the same due sagas; each call is made once, never concurrently with itself."""
    for number in range(ORDERS):
        await store_placed(units_on(database), order_id(number))
    participants = fake_participants(latency=0.005)  # calls take a while, so overlaps would show
    second = Database(database_url)  # the other process' own engine
    runners = [SagaRunner(unit_of_work=units_on(db), participants=participants, owner=owner, policy=fast,
                          poll_seconds=0.01)
               for db, owner in ((database, "runner-a"), (second, "runner-b"))]
    await asyncio.gather(*(runner.start() for runner in runners))
    try:
        async def all_completed() -> bool:
            async with units_on(database)() as uow:
                found = [await uow.orders.get(order_id(n)) for n in range(ORDERS)]
            return all(order.status is Status.COMPLETED for order in found)

        await eventually(all_completed, within=20, what="every order completing")
    finally:
        await asyncio.gather(*(runner.stop() for runner in runners))
        await second.dispose()
    journal = participants.warehouse.journal
    assert sorted(journal) == sorted((step.name, order_id(n)) for step in CHECKOUT for n in range(ORDERS))
    assert participants.warehouse.overlaps == participants.payments.overlaps == participants.shipping.overlaps == 0


async def test_of_two_concurrent_claims_one_wins(database_url, database, units_on, store_placed):
    """Two engines claim the same free saga at once: exactly one gets it."""
    order = await store_placed(units_on(database))
    second = Database(database_url)
    now = time.time()

    async def claim(db: Database, owner: str) -> bool:
        async with units_on(db)() as uow:
            won = await uow.sagas.claim(order.id, Lease(owner, now + 10), now=now)
            await uow.commit()
            return won

    try:
        outcomes = await asyncio.gather(claim(database, "runner-a"), claim(second, "runner-b"))
    finally:
        await second.dispose()
    assert sorted(outcomes) == [False, True]


async def test_a_lease_bars_others_until_it_expires_and_its_holder_alone_records(unit_of_work, store_placed):
    """A held saga is neither due nor claimable by others; a record under another owner raises LeaseLost."""
    order = await store_placed(unit_of_work)
    now = time.time()
    async with unit_of_work() as uow:
        assert await uow.sagas.due(now=now, limit=10) == [order.id]
        assert await uow.sagas.claim(order.id, Lease("runner-a", now + 10), now=now)
        assert await uow.sagas.due(now=now, limit=10) == []
        assert not await uow.sagas.claim(order.id, Lease("runner-b", now + 10), now=now)
        assert await uow.sagas.claim(order.id, Lease("runner-b", now + 30), now=now + 11)  # expired: taken over
        with pytest.raises(LeaseLost):
            await uow.sagas.record(Saga(order.id), LogEntry("reserve_stock", "done", "", order.placed_at),
                                   lease=Lease("runner-a", now + 10), due_at=now)
        await uow.commit()


async def test_a_finished_saga_leaves_the_poll_and_the_lease(unit_of_work, store_placed, participants, fast):
    """Once done, a saga is no longer due and holds no lease; its log keeps every call."""
    order = await store_placed(unit_of_work)
    await SagaRunner(unit_of_work=unit_of_work, participants=participants, owner="runner-a", policy=fast).drive(
        order.id)
    async with unit_of_work() as uow:
        assert await uow.sagas.due(now=time.time() + 3600, limit=10) == []
        assert not await uow.sagas.claim(order.id, Lease("runner-b", time.time() + 10), now=time.time())
        assert [entry.action for entry in await uow.sagas.log(order.id)] == [step.name for step in CHECKOUT]


async def test_a_retry_is_due_only_once_its_backoff_has_passed(unit_of_work, store_placed):
    """A saga recorded with a later due time is not picked up before it."""
    order = await store_placed(unit_of_work)
    now = time.time()
    async with unit_of_work() as uow:
        await uow.sagas.claim(order.id, Lease("runner-a", now + 10), now=now)
        saga = Saga(order.id, attempts=1)
        await uow.sagas.record(saga, LogEntry("reserve_stock", "unavailable", "503", order.placed_at),
                               lease=Lease("runner-a", now + 10), due_at=now + 5)
        await uow.sagas.release(order.id, "runner-a")
        await uow.commit()
    async with unit_of_work() as uow:
        assert await uow.sagas.due(now=now + 1, limit=10) == []
        assert await uow.sagas.due(now=now + 6, limit=10) == [order.id]
        assert (await uow.sagas.get(order.id)).attempts == 1
