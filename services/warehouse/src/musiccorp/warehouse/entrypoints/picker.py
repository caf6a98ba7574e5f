"""Pickers: competing consumers of the ``WAREHOUSE_PICKS`` work queue (practice 11.7).

Every picker — the ``MUSICCORP_WAREHOUSE_PICKERS`` tasks inside the service
process, and any number of standalone processes — binds to the same durable
consumer, so each job goes to one of them; a picker that dies holding a job
loses it to another after ``MUSICCORP_WAREHOUSE_PICK_ACK_WAIT_SECONDS``. A
standalone picker has its own NATS connection and database engine::

    MUSICCORP_WAREHOUSE_DATABASE_URL=... MUSICCORP_WAREHOUSE_NATS_URL=... \\
        python -m musiccorp.warehouse.entrypoints.picker [--workers N]

Its log lines say which picker picked what (``"picker": "picker-4711-1"``).
It never migrates: a job exists only once the service, which owns the schema,
has recorded it.

Test seam: with ``MUSICCORP_WAREHOUSE_PICKER_HOLD_FILE=<path>``, a picker that
has taken a job prints ``picking <order_id> <album_id>`` and waits while that
file exists, so a test can kill it mid-pick. Unset, it changes nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncConnection

from musiccorp.chassis import load_settings
from musiccorp.chassis.events import Envelope, Handler, WorkerPool
from musiccorp.chassis.logs import configure_logging, get_logger
from musiccorp.warehouse.bootstrap import Warehouse, bootstrap
from musiccorp.warehouse.config import WarehouseSettings
from musiccorp.warehouse.domain.commands import PickLine
from musiccorp.warehouse.service_layer import handlers

log = get_logger(__name__)

_HOLD_POLL = 0.05


async def _wait_while_held(hold_file: Path | None, order_id: str, album_id: str) -> None:
    if hold_file is None:
        return
    print(f"picking {order_id} {album_id}", flush=True)
    while await asyncio.to_thread(hold_file.exists):  # noqa: ASYNC110 - another process's file: polled
        await asyncio.sleep(_HOLD_POLL)


def picker(warehouse: Warehouse, name: str) -> Handler:
    """The handler of the picker called ``name``: record one line as picked, on the job's transaction."""
    pick_job, hold_file = warehouse.consumes.pick_job, warehouse.settings.picker_hold_file

    async def pick(envelope: Envelope, connection: AsyncConnection) -> None:
        job = pick_job.read(envelope)  # a malformed job fails, is retried, then dead-lettered
        await _wait_while_held(hold_file, job.order_id, job.album_id)
        command = PickLine(job.order_id, job.album_id, job.quantity, picker=name)
        outcome = await handlers.pick_line(command, picks=warehouse.repository_on(connection))
        log.info(outcome.value, picker=name, order_id=job.order_id, album_id=job.album_id, quantity=job.quantity,
                 job_id=envelope.id)

    return pick


def picker_pool(warehouse: Warehouse, *, size: int, prefix: str) -> WorkerPool:
    """``size`` pickers, as ``warehouse`` wires them, each picking with :func:`picker`."""
    return warehouse.picker_pool(lambda name: picker(warehouse, name), size=size, prefix=prefix)


async def run(warehouse: Warehouse, *, workers: int) -> None:
    """Pick until SIGTERM or SIGINT; then let each picker finish, or hand back, the job it holds."""
    settings, runtime = warehouse.settings, warehouse.runtime
    name = settings.instance_id or f"picker-{os.getpid()}"
    configure_logging(service=runtime.manifest.name, version=runtime.manifest.version, instance=name,
                      level=settings.log_level, fmt=settings.log_format)
    pool = picker_pool(warehouse, size=workers, prefix=name)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    try:
        await pool.start()
        log.info("pickers started", pickers=pool.names, queue=warehouse.picks.stream)
        await stopping.wait()
    finally:
        await pool.stop()
        await runtime.database.dispose()
        log.info("pickers stopped", pickers=pool.names)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m musiccorp.warehouse.entrypoints.picker",
                                     description="Standalone pickers of the warehouse's WAREHOUSE_PICKS queue.")
    parser.add_argument("--workers", type=int, default=1, help="pickers in this process (default 1)")
    args = parser.parse_args(argv)
    settings = load_settings(WarehouseSettings)
    if not settings.nats_url:
        print("invalid configuration: MUSICCORP_WAREHOUSE_NATS_URL: pickers take their jobs from NATS",
              file=sys.stderr)
        raise SystemExit(1)
    asyncio.run(run(bootstrap(settings), workers=args.workers))


if __name__ == "__main__":
    main()
