"""Reservations, stock and their outbox on real databases: SQLite (the embedded default) and PostgreSQL.

A reservation's change, the stock it moves, the events announcing it and the
pick jobs it calls for are written in one transaction: all or nothing. Stock
is taken by one conditional UPDATE, so racing requests cannot oversell.
"""

import asyncio
from datetime import timedelta

import pytest
import sqlalchemy as sa

from musiccorp.chassis.testing import outbox_rows
from musiccorp.warehouse.adapters.tables import pick_lists, reservations, stock
from musiccorp.warehouse.domain.commands import ConfirmReservation, ReleaseReservation, ReserveStock
from musiccorp.warehouse.domain.errors import InsufficientStock
from musiccorp.warehouse.domain.lines import Line
from musiccorp.warehouse.domain.model import Status
from musiccorp.warehouse.service_layer import handlers

HOLD = timedelta(minutes=15)
# From the shipped opening stock: 38 units, the last copy, sold out.
COASTAL_MEMORY, KITCHEN_TABLE, MONOLITH_OF_BONE = ("4dafff35-5130-581c-af3f-6f10e5597d81",
                                                   "7fa957a0-aa47-5d28-8be0-388f108b207d",
                                                   "0f1e0048-1f17-5551-802e-09ba29834d5f")
ORDER = "9d2f6a4e-1c3b-4f7a-8e5d-2b6c1a0f9e84"


def reserve(uow, clock, *lines: Line, order_id: str = ORDER):
    command = ReserveStock(order_id=order_id, ship_to_country="FR",
                           lines=lines or (Line(COASTAL_MEMORY, 2), Line(KITCHEN_TABLE, 1)))
    return handlers.reserve_stock(command, uow=uow(), clock=clock, hold_for=HOLD)


async def event_types(database) -> list[str]:
    return [row.type for row in await outbox_rows(database.engine)]


async def test_the_migration_loads_the_opening_stock(database, stock_of):
    """The split-out stock table starts with every catalogue album of the seed, nothing reserved."""
    async with database.engine.connect() as connection:
        count, reserved = (await connection.execute(sa.select(sa.func.count(), sa.func.sum(stock.c.reserved)))).one()
    assert (count, reserved) == (255, 0)
    assert [await stock_of(album) for album in (COASTAL_MEMORY, KITCHEN_TABLE, MONOLITH_OF_BONE)] == [
        (38, 0), (1, 0), (0, 0)]


async def test_of_concurrent_reservations_for_the_last_copy_exactly_one_wins(database, uow, clock, stock_of):
    """Five orders race for the last copy: one is held, four are refused; the copy is reserved once."""
    results = await asyncio.gather(*(reserve(uow, clock, Line(KITCHEN_TABLE, 1), order_id=f"order-{n}")
                                     for n in range(5)), return_exceptions=True)
    winners = [result for result in results if not isinstance(result, BaseException)]
    assert len(winners) == 1 and winners[0][1] is True
    assert all(isinstance(result, InsufficientStock) for result in results if isinstance(result, BaseException))
    assert await stock_of(KITCHEN_TABLE) == (1, 1)
    assert await event_types(database) == ["warehouse.reservation.held.v1"]


async def test_concurrent_identical_reservations_hold_the_stock_once(database, uow, clock, stock_of):
    """The same PUT three times at once (a retried saga step): one creates, two answer with it; stock held once."""
    results = await asyncio.gather(*(reserve(uow, clock) for _ in range(3)))
    assert sorted(created for _, created in results) == [False, False, True]
    assert {reservation.order_id for reservation, _ in results} == {ORDER}
    assert await stock_of(COASTAL_MEMORY) == (38, 2)
    assert await event_types(database) == ["warehouse.reservation.held.v1"]


async def test_a_refused_reservation_records_nothing(database, uow, clock, stock_of):
    """A line short of stock: no reservation, no event, and the other line's units are not held either."""
    with pytest.raises(InsufficientStock):
        await reserve(uow, clock, Line(COASTAL_MEMORY, 2), Line(MONOLITH_OF_BONE, 1))
    async with database.engine.connect() as connection:
        assert await connection.scalar(sa.select(sa.func.count()).select_from(reservations)) == 0
    assert await stock_of(COASTAL_MEMORY) == (38, 0)
    assert await event_types(database) == []


async def test_a_reservation_reads_back_as_it_was_made(uow, clock, notified):
    """Stored and read again: lines, zone, expiry (a timezone-aware instant) and version survive the database."""
    made, _ = await reserve(uow, clock)
    again = await handlers.find_reservation(ORDER, uow=uow(), clock=clock)
    assert (again.lines, again.zone, again.expires_at, again.status, again.version) == (
        made.lines, made.zone, clock() + HOLD, Status.HELD, 1)
    assert notified == ["outbox"]


async def test_concurrent_releases_return_the_stock_once(database, uow, clock, stock_of):
    """Three releases at once: the units return once and one released event is recorded."""
    await reserve(uow, clock)
    await asyncio.gather(*(handlers.release_reservation(ReleaseReservation(ORDER), uow=uow(), clock=clock)
                           for _ in range(3)))
    assert await stock_of(COASTAL_MEMORY) == (38, 0)
    assert await stock_of(KITCHEN_TABLE) == (1, 0)
    assert (await event_types(database)).count("warehouse.reservation.released.v1") == 1


async def test_an_expired_hold_returns_its_stock_and_announces_it(database, uow, clock, stock_of):
    """After the hold period the sweep expires the hold: units back, warehouse.reservation.expired.v1 recorded."""
    await reserve(uow, clock)
    clock.advance(HOLD)
    assert await handlers.expire_due_holds(uow=uow(), clock=clock) == 1
    assert await handlers.expire_due_holds(uow=uow(), clock=clock) == 0
    assert await stock_of(KITCHEN_TABLE) == (1, 0)
    assert await event_types(database) == ["warehouse.reservation.held.v1", "warehouse.reservation.expired.v1"]
    assert (await handlers.find_reservation(ORDER, uow=uow(), clock=clock)).status is Status.EXPIRED


async def test_a_sweep_racing_a_confirmation_leaves_one_outcome(database, uow, clock, stock_of):
    """Expiry and confirmation at the same lapsed moment: the reservation ends expired, the stock returned once."""
    await reserve(uow, clock)
    clock.advance(HOLD)
    await asyncio.gather(handlers.expire_due_holds(uow=uow(), clock=clock),
                         handlers.confirm_reservation(ConfirmReservation(ORDER), uow=uow(), clock=clock),
                         return_exceptions=True)
    assert (await handlers.find_reservation(ORDER, uow=uow(), clock=clock)).status is Status.EXPIRED
    assert await stock_of(COASTAL_MEMORY) == (38, 0)
    assert (await event_types(database)).count("warehouse.reservation.expired.v1") == 1


async def test_confirming_queues_one_pick_job_per_line(database, uow, clock, stock_of):
    """Confirmation takes the units off the shelf, opens the pick list and records one job per line, atomically."""
    await reserve(uow, clock)
    await handlers.confirm_reservation(ConfirmReservation(ORDER), uow=uow(), clock=clock)
    await handlers.confirm_reservation(ConfirmReservation(ORDER), uow=uow(), clock=clock)
    assert await stock_of(COASTAL_MEMORY) == (36, 0)
    assert await stock_of(KITCHEN_TABLE) == (0, 0)
    rows = await outbox_rows(database.engine)
    assert [row.type for row in rows] == ["warehouse.reservation.held.v1", "warehouse.reservation.confirmed.v1",
                                          "work.warehouse.picks", "work.warehouse.picks"]
    assert {row.subject for row in rows} == {ORDER}
    assert sorted((row.envelope.data["album_id"], row.envelope.data["quantity"]) for row in rows[2:]) == [
        (COASTAL_MEMORY, 2), (KITCHEN_TABLE, 1)]
    async with database.engine.connect() as connection:
        assert (await connection.execute(sa.select(pick_lists.c.lines, pick_lists.c.picked))).all() == [(2, 0)]
