"""Competing consumers for real (practice 11.7): picker processes share the pick queue; one is killed mid-pick.

Three standalone pickers (``python -m musiccorp.warehouse.entrypoints.picker``)
bind to the one durable consumer of ``WAREHOUSE_PICKS``. Picker A takes the
first job and, held by the hold-file test seam, is killed with SIGKILL in the
middle of it. Its job is not lost: after ``ack_wait`` the queue delivers it to
B or C, which share the rest of the work. Every (order, album) is picked
exactly once and every order is announced picked exactly once.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections import Counter
from datetime import timedelta

import pytest
import sqlalchemy as sa

from musiccorp.chassis.events import JetStreamPublisher, OutboxRelay
from musiccorp.chassis.testing import eventually, outbox_rows
from musiccorp.warehouse.adapters.tables import outbox, picks
from musiccorp.warehouse.domain.commands import ConfirmReservation, ReserveStock
from musiccorp.warehouse.domain.lines import Line
from musiccorp.warehouse.service_layer import handlers

ACK_WAIT = 2.0
ORDERS = 8
LINES = 3
PICKS_STREAM = "WAREHOUSE_PICKS"
DURABLE = "warehouse__work_warehouse_picks"


class Picker:
    """A standalone picker process; its stdout (log lines and the seam's ``picking ...``) is read as it comes."""

    def __init__(self, name: str, env: dict[str, str]) -> None:
        self.name = name
        self.env = {**env, "MUSICCORP_WAREHOUSE_INSTANCE_ID": name}
        self.lines: list[str] = []
        self.process: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None

    async def start(self) -> Picker:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "musiccorp.warehouse.entrypoints.picker", env=self.env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
        self._reader = asyncio.create_task(self._read())
        return self

    async def _read(self) -> None:
        while line := await self.process.stdout.readline():
            self.lines.append(line.decode(errors="replace").rstrip("\n"))

    def said(self, fragment: str) -> bool:
        return any(fragment in line for line in self.lines)

    async def started(self) -> None:
        await eventually(lambda: self.said('"pickers started"') or self.process.returncode is not None, within=60,
                         what=f"{self.name} started")
        assert self.process.returncode is None, "\n".join(self.lines)

    async def kill(self) -> None:
        self.process.kill()  # SIGKILL: no cleanup, no nak, the job it holds is simply abandoned
        await self.process.wait()
        await self._reader

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.terminate()
            try:
                await asyncio.wait_for(self.process.wait(), 10)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        await self._reader


@pytest.fixture
def picker_env(database, nats_url) -> dict[str, str]:
    return {**os.environ, "MUSICCORP_WAREHOUSE_DATABASE_URL": database.url.render_as_string(hide_password=False),
            "MUSICCORP_WAREHOUSE_NATS_URL": nats_url, "MUSICCORP_WAREHOUSE_PICK_ACK_WAIT_SECONDS": str(ACK_WAIT)}


@pytest.fixture
async def pickers():
    """Start pickers with ``await pickers(name, env)``; whatever the test leaves running is stopped after it."""
    started: list[Picker] = []

    async def start(name: str, env: dict[str, str]) -> Picker:
        picker = await Picker(name, env).start()
        started.append(picker)
        await picker.started()
        return picker

    yield start
    await asyncio.gather(*(picker.stop() for picker in started))


@pytest.fixture
def albums(opening_stock) -> list[str]:
    """Albums with stock enough for every order of the test."""
    return [album for album, units in sorted(opening_stock.items()) if units >= 5][:ORDERS * LINES]


async def confirm_order(uow, clock, order_id: str, albums: list[str]) -> None:
    command = ReserveStock(order_id=order_id, ship_to_country="GB", lines=tuple(Line(album, 1) for album in albums))
    await handlers.reserve_stock(command, uow=uow(), clock=clock, hold_for=timedelta(minutes=15))
    await handlers.confirm_reservation(ConfirmReservation(order_id), uow=uow(), clock=clock)


async def publish_outbox(database, js) -> None:
    """Relay every pending outbox row (events and pick jobs) to JetStream."""
    relay = OutboxRelay(database.engine, JetStreamPublisher(js))

    async def drained() -> bool:
        await relay.run_once()
        return all(row.published_at is not None for row in await outbox_rows(database.engine))

    await eventually(drained, within=10, what="the outbox published")


async def waiting_pulls(js) -> int:
    return (await js.consumer_info(PICKS_STREAM, DURABLE)).num_waiting


async def picked(database) -> list[tuple[str, str, str]]:
    async with database.engine.connect() as connection:
        return [tuple(row) for row in await connection.execute(
            sa.select(picks.c.order_id, picks.c.album_id, picks.c.picked_by))]


async def announced(database) -> Counter[str]:
    async with database.engine.connect() as connection:
        return Counter(await connection.scalars(
            sa.select(outbox.c.subject).where(outbox.c.type == "warehouse.order.picked.v1")))


async def test_a_picker_killed_mid_pick_loses_its_job_to_another_and_nothing_is_picked_twice(
        database, uow, clock, broker, picker_env, pickers, albums, tmp_path):
    """Three picker processes, one SIGKILLed holding a job: every line picked once, by the survivors, all orders out.

    Every picker starts with a hold file of its own; whichever takes the first job is the victim. The others'
    files are removed (they work normally from then on) and the victim is killed in the middle of its pick.
    """
    first, rest = albums[0], albums[1:]
    lines = {"order-0": [first], **{f"order-{n}": rest[(n - 1) * LINES:n * LINES] for n in range(1, ORDERS)}}
    holds = {name: tmp_path / f"hold-{name}" for name in ("picker-a", "picker-b", "picker-c")}
    for hold in holds.values():
        hold.touch()
    team = await asyncio.gather(*(pickers(name, {**picker_env, "MUSICCORP_WAREHOUSE_PICKER_HOLD_FILE": str(hold)})
                                  for name, hold in holds.items()))
    await eventually(lambda: _at_least(waiting_pulls(broker), 3), within=30, what="three pickers waiting for jobs")

    await confirm_order(uow, clock, "order-0", lines["order-0"])
    await publish_outbox(database, broker)
    await eventually(lambda: any(p.said(f"picking order-0 {first}") for p in team), within=10,
                     what="a picker took the first job")
    victim = next(p for p in team if p.said(f"picking order-0 {first}"))
    survivors = [p for p in team if p is not victim]
    for survivor in survivors:
        holds[survivor.name].unlink()
    await victim.kill()

    for order_id, order_albums in list(lines.items())[1:]:
        await confirm_order(uow, clock, order_id, order_albums)
    await publish_outbox(database, broker)
    expected = sorted((order, album) for order, order_albums in lines.items() for album in order_albums)

    async def all_picked() -> bool:
        return len(await picked(database)) >= len(expected) and len(await announced(database)) == ORDERS

    await eventually(all_picked, within=30, what="every line picked and every order announced")
    await eventually(lambda: _stream_empty(broker), within=10, what="every pick job acknowledged")

    rows = await picked(database)
    assert sorted((order, album) for order, album, _ in rows) == expected, "each line picked exactly once"
    assert set((await announced(database)).values()) == {1}, "each order announced picked exactly once"
    by_picker = Counter(name.rsplit("-", 1)[0] for _, _, name in rows)
    assert set(by_picker) == {survivor.name for survivor in survivors}, (
        f"the killed picker committed nothing and both survivors did work: {by_picker}")
    [(_, _, redone_by)] = [row for row in rows if row[:2] == ("order-0", first)]
    assert redone_by.rsplit("-", 1)[0] != victim.name
    assert any(s.said(f'"picker":"{redone_by}"') and s.said(f'"album_id":"{first}"') for s in survivors), (
        "the survivor's log says who picked what")
    assert not victim.said('"picked"'), "the victim died before picking anything"


async def _at_least(count, minimum: int) -> bool:
    return await count >= minimum


async def _stream_empty(js) -> bool:
    return (await js.stream_info(PICKS_STREAM)).state.messages == 0
