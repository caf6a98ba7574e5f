"""Picks on real databases: each (order, album) once, the order announced exactly once, even when picked at once."""

import asyncio
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.chassis.events import Envelope, Event
from musiccorp.chassis.testing import eventually, outbox_rows
from musiccorp.warehouse.adapters.picking import SqlPickRepository
from musiccorp.warehouse.adapters.tables import pick_lists, picks
from musiccorp.warehouse.bootstrap import bootstrap
from musiccorp.warehouse.config import WarehouseSettings
from musiccorp.warehouse.domain.commands import ConfirmReservation, PickLine, ReserveStock
from musiccorp.warehouse.domain.errors import PickListNotFound
from musiccorp.warehouse.domain.lines import Line
from musiccorp.warehouse.domain.picking import PickOutcome
from musiccorp.warehouse.entrypoints.picker import picker
from musiccorp.warehouse.service_layer import handlers

SOURCE = "/musiccorp/warehouse"
ALBUMS = ("4dafff35-5130-581c-af3f-6f10e5597d81", "00dc21ef-1a0a-5b61-89a7-4410c83c7d2b",
          "00df8045-4042-567f-916b-ce23bd226aaf", "019c4dc3-9e8f-5b35-b2c8-d69ce47b39fe")
ORDER = "9d2f6a4e-1c3b-4f7a-8e5d-2b6c1a0f9e84"


@pytest.fixture
async def confirmed(uow, clock):
    """An order of four lines, reserved and confirmed: its pick list is open."""
    command = ReserveStock(order_id=ORDER, ship_to_country="GB", lines=tuple(Line(album, 1) for album in ALBUMS))
    await handlers.reserve_stock(command, uow=uow(), clock=clock, hold_for=timedelta(minutes=15))
    await handlers.confirm_reservation(ConfirmReservation(ORDER), uow=uow(), clock=clock)
    return ORDER


async def pick(database, album_id: str, *, order_id: str = ORDER, picker_name: str = "p-1") -> PickOutcome:
    async with database.engine.begin() as connection:
        return await handlers.pick_line(PickLine(order_id, album_id, 1, picker=picker_name),
                                        picks=SqlPickRepository(connection, source=SOURCE))


async def picked_events(database) -> list[str]:
    return [row.subject for row in await outbox_rows(database.engine) if row.type == "warehouse.order.picked.v1"]


async def test_each_line_is_picked_once_and_the_last_announces_the_order(database, confirmed):
    """Picks of every line (one of them twice): one row each, the last ORDER_PICKED, one event, list complete."""
    outcomes = [await pick(database, album) for album in ALBUMS[:3]]
    outcomes.append(await pick(database, ALBUMS[0], picker_name="p-2"))
    outcomes.append(await pick(database, ALBUMS[3]))
    assert outcomes == [PickOutcome.PICKED] * 3 + [PickOutcome.ALREADY_PICKED, PickOutcome.ORDER_PICKED]
    async with database.engine.connect() as connection:
        rows = (await connection.execute(sa.select(picks.c.album_id, picks.c.picked_by))).all()
        listed = (await connection.execute(sa.select(pick_lists.c.picked, pick_lists.c.completed_at))).one()
    assert sorted(rows) == [(album, "p-1") for album in sorted(ALBUMS)]
    assert listed.picked == 4 and listed.completed_at is not None
    assert await picked_events(database) == [ORDER]


async def test_lines_picked_at_the_same_moment_announce_the_order_exactly_once(database, confirmed):
    """Four pickers each pick a line of one order at once: exactly one of them sees the order complete."""
    outcomes = await asyncio.gather(*(pick(database, album, picker_name=f"p-{n}") for n, album in enumerate(ALBUMS)))
    assert sorted(outcomes) == sorted([PickOutcome.PICKED] * 3 + [PickOutcome.ORDER_PICKED])
    assert await picked_events(database) == [ORDER]


async def test_a_line_picked_twice_at_once_is_recorded_once(database, confirmed):
    """Two deliveries of one job at once: one picks; the other finds it picked, or fails on the key (and its retry
    finds it picked)."""
    results = await asyncio.gather(*(pick(database, ALBUMS[0], picker_name=f"p-{n}") for n in range(2)),
                                   return_exceptions=True)
    first, second = sorted(results, key=lambda result: result is PickOutcome.PICKED)
    assert second is PickOutcome.PICKED
    assert first is PickOutcome.ALREADY_PICKED or isinstance(first, IntegrityError)
    assert await pick(database, ALBUMS[0]) is PickOutcome.ALREADY_PICKED
    async with database.engine.connect() as connection:
        assert await connection.scalar(sa.select(pick_lists.c.picked)) == 1
        assert await connection.scalar(sa.select(sa.func.count()).select_from(picks)) == 1


async def test_a_job_for_an_order_never_confirmed_is_refused(database):
    """No pick list for the order: PickListNotFound, and nothing is written."""
    with pytest.raises(PickListNotFound):
        await pick(database, ALBUMS[0], order_id="never-confirmed")
    async with database.engine.connect() as connection:
        assert await connection.scalar(sa.select(sa.func.count()).select_from(picks)) == 0


async def test_the_hold_file_keeps_a_picker_mid_pick_until_it_is_removed(database, confirmed, tmp_path, capsys):
    """Test seam: with a hold file, the picker prints what it took and waits; removing the file lets it pick."""
    hold = tmp_path / "hold"
    hold.touch()
    job = Envelope.of(Event(type="work.warehouse.picks", subject=ORDER,
                            data={"order_id": ORDER, "album_id": ALBUMS[0], "quantity": 1}), source=SOURCE)
    warehouse = bootstrap(WarehouseSettings(database_url=database.url.render_as_string(hide_password=False),
                                            picker_hold_file=hold), registry=InMemoryRegistry())
    handle = picker(warehouse, "p-held")

    async def handled() -> None:
        async with database.engine.begin() as connection:
            await handle(job, connection)

    task = asyncio.create_task(handled())
    await eventually(lambda: f"picking {ORDER} {ALBUMS[0]}\n" in capsys.readouterr().out, within=5,
                     what="the picker announced its job")
    assert not task.done()
    hold.unlink()
    await asyncio.wait_for(task, 5)
    await warehouse.runtime.database.dispose()
    async with database.engine.connect() as connection:
        assert (await connection.execute(sa.select(picks.c.album_id, picks.c.picked_by))).all() == [
            (ALBUMS[0], "p-held")]
