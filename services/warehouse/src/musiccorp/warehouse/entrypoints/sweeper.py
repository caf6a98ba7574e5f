"""The hold sweeper: a task of the service process that expires lapsed holds every few seconds.

Every use case also expires what has lapsed before it reads, so the sweeper
is what returns the stock of holds nobody asks about again (an abandoned
checkout) and what announces ``warehouse.reservation.expired.v1`` promptly.
Several instances may sweep at once: each expiry is a conditional update, so
a hold's stock returns once.
"""

from __future__ import annotations

import asyncio
import contextlib

from musiccorp.chassis.clock import Clock
from musiccorp.chassis.logs import get_logger
from musiccorp.warehouse.bootstrap import UnitOfWorkFactory
from musiccorp.warehouse.service_layer import handlers

log = get_logger(__name__)


class HoldSweeper:
    def __init__(self, *, unit_of_work: UnitOfWorkFactory, clock: Clock, interval: float) -> None:
        self._unit_of_work = unit_of_work
        self._clock = clock
        self._interval = interval
        self._stopping: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._stopping = asyncio.Event()  # made in the loop that runs the sweeper (an app may be started again)
        self._task = asyncio.create_task(self._run(), name="hold-sweeper")

    async def check(self) -> None:
        """Readiness: the sweeper is running."""
        if self._task is None or self._task.done():
            raise RuntimeError("the hold sweeper is not running")

    async def stop(self) -> None:
        if self._task is None:
            return
        self._stopping.set()
        await self._task
        self._task = None

    async def _run(self) -> None:
        while not self._stopping.is_set():
            expired = 0
            try:
                expired = await handlers.expire_due_holds(uow=self._unit_of_work(), clock=self._clock)
            except Exception:  # noqa: BLE001 - the database will be back; so will we, at the next sweep
                log.exception("hold sweep failed")
            if expired:
                log.info("lapsed holds expired", count=expired)
            if expired < handlers.SWEEP_BATCH:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), self._interval)
