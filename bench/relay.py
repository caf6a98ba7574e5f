"""Outbox relay: throughput and CPU per event, from a SQLite outbox to a real nats-server.

``run()`` records ``EVENTS`` events over ``AGGREGATES`` aggregates (outside the
measurement), then times the relay draining them batch by batch until the
broker has acknowledged and the outbox marked every one. CPU is this process's
own (``time.process_time``: the relay's event loop plus aiosqlite's thread),
never the nats-server's.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from pathlib import Path

EVENTS = int(os.environ.get("BENCH_RELAY_EVENTS", "5000"))
AGGREGATES = 500
BATCH_SIZE = 500
EVENT_TYPE = "benchrelay.thing.changed.v1"


def run() -> dict:
    """Measure the relay once; return events/s and CPU µs per event."""
    return asyncio.run(_measure())


async def _record(engine, count: int, *, start: int = 0) -> None:
    from musiccorp.chassis.events import Event, record_event

    for first in range(start, start + count, 250):
        async with engine.begin() as connection:
            for n in range(first, min(first + 250, start + count)):
                event = Event(type=EVENT_TYPE, subject=f"agg-{n % AGGREGATES}",
                              data={"n": n, "href": f"http://bench/v1/things/{n % AGGREGATES}"})
                await record_event(connection, event, source="/musiccorp/bench")


async def _drain(relay) -> int:
    published = 0
    while (result := await relay.run_once()).read:
        published += result.published
    return published


async def _measure() -> dict:
    import nats

    from musiccorp.chassis.database import Database
    from musiccorp.chassis.events import JetStreamPublisher, OutboxRelay, ensure_stream, stream_config
    from musiccorp.chassis.testing import create_event_tables, running_nats_server

    with tempfile.TemporaryDirectory(prefix="musiccorp-bench-relay-") as folder:
        with running_nats_server(Path(folder) / "nats") as url:
            database = Database(f"sqlite+aiosqlite:///{folder}/outbox.db")
            nc = await nats.connect(url)
            try:
                await create_event_tables(database.engine)
                js = nc.jetstream()
                await ensure_stream(js, stream_config(EVENT_TYPE))
                relay = OutboxRelay(database.engine, JetStreamPublisher(js), batch_size=BATCH_SIZE)
                await _record(database.engine, BATCH_SIZE)
                await _drain(relay)  # warm up: connections, the JetStream reply subscription, lazy imports
                await _record(database.engine, EVENTS, start=BATCH_SIZE)
                cpu, wall = time.process_time(), time.perf_counter()
                published = await _drain(relay)
                cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            finally:
                await nc.close()
                await database.dispose()
    if published != EVENTS:
        raise RuntimeError(f"the relay published {published} of {EVENTS} events")
    return {
        "name": "outbox_relay",
        "events": EVENTS,
        "aggregates": AGGREGATES,
        "batch_size": BATCH_SIZE,
        "seconds": round(wall, 3),
        "events_per_second": round(EVENTS / wall),
        "cpu_us_per_event": round(cpu * 1e6 / EVENTS, 1),
    }


if __name__ == "__main__":
    print(run())
