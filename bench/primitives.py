"""The cheapest cost of each thing an order does, measured in this run: the floor under the checkout benchmark.

- a raw insert: one row inserted and committed on SQLite through aiosqlite (the embedded databases' driver),
  no ORM, no pool;
- a raw publish: one JetStream publish awaited for its ack, nats-py to a nats-server of the same wheel;
- a raw consume: one message pulled (in batches, the cheapest way) from a durable consumer and acknowledged.

CPU is this process's (``time.process_time``, every thread) plus the NATS server's, per operation.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

import aiosqlite
import nats
import psutil

from musiccorp.chassis.testing._nats_server import running_nats_server

OPERATIONS = 3000


def _cpu(process: psutil.Process | None) -> float:
    own = time.process_time()
    if process is None:
        return own
    times = process.cpu_times()
    return own + times.user + times.system


async def raw_insert_ms(folder: Path, count: int = OPERATIONS) -> float:
    async with aiosqlite.connect(folder / "raw.db") as db:
        await db.execute("PRAGMA journal_mode=WAL")
        await db.execute("PRAGMA synchronous=NORMAL")
        await db.execute("CREATE TABLE rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        await db.commit()
        started = _cpu(None)
        for n in range(count):
            await db.execute("INSERT INTO rows (id, body) VALUES (?, ?)", (n, "x" * 200))
            await db.commit()
        return (_cpu(None) - started) * 1000 / count


async def raw_publish_consume_ms(nats_url: str, server: psutil.Process, count: int = OPERATIONS) -> tuple[float, float]:
    connection = await nats.connect(nats_url)
    try:
        stream = connection.jetstream()
        await stream.add_stream(name="RAW", subjects=["raw.>"])
        body = b'{"data":"' + b"x" * 300 + b'"}'

        started = _cpu(server)
        for _ in range(count):
            await stream.publish("raw.event", body)
        publish = (_cpu(server) - started) * 1000 / count
        subscription = await stream.pull_subscribe("raw.>", durable="raw")
        started = _cpu(server)
        taken = 0
        while taken < count:
            for message in await subscription.fetch(min(100, count - taken), timeout=5):
                await message.ack()
                taken += 1
        consume = (_cpu(server) - started) * 1000 / count
        return publish, consume
    finally:
        await connection.close()


def run() -> dict:
    """``{insert_ms, publish_ms, consume_ms}``: CPU milliseconds per raw operation."""
    with tempfile.TemporaryDirectory(prefix="musiccorp-bench-raw-") as folder:
        insert = asyncio.run(raw_insert_ms(Path(folder)))
        with running_nats_server(Path(folder) / "nats") as url:
            server = next(p for p in psutil.Process().children(recursive=True) if "nats-server" in p.name())
            publish, consume = asyncio.run(raw_publish_consume_ms(url, server))
    return {"insert_ms": round(insert, 4), "publish_ms": round(publish, 4), "consume_ms": round(consume, 4)}


if __name__ == "__main__":
    print(run())
