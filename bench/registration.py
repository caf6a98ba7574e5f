"""End-to-end latency of the choreography: registration request → loyalty account open.

Latency is measured without polling error: each registration's send time is
taken just before the request, and the loyalty account's ``opened_at`` is
stamped by loyalty when it handles the event (same machine, same clock).

1. Saturation: registrations at 32 in flight; the rate at which accounts open is the maximum.
2. Light load (5/s) and half of the maximum, open loop (requests at a fixed rate, not waiting on
   answers): p50 and p99 of request → account.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import datetime

import aiohttp


def _registration() -> dict:
    tag = uuid.uuid4().hex[:12]
    return {"name": f"Bench Customer {tag}", "email": f"bench+{tag}@example.com",
            "address": {"line1": "1 Load Street", "city": "London", "postcode": "E1 6AN", "country": "GB"}}


async def _register(session: aiohttp.ClientSession, customers: str) -> tuple[str, float]:
    sent = time.time()
    async with session.post(f"{customers}/v1/customers", json=_registration()) as response:
        if response.status != 201:
            raise RuntimeError(f"registration answered {response.status}: {await response.text()}")
        return (await response.json())["id"], sent


async def _opened_at(session: aiohttp.ClientSession, loyalty: str, customer_id: str, deadline: float) -> float:
    while time.monotonic() < deadline:
        async with session.get(f"{loyalty}/v1/accounts/{customer_id}") as response:
            if response.status == 200:
                return datetime.fromisoformat((await response.json())["opened_at"]).timestamp()
        await asyncio.sleep(0.05)  # waiting for an account to appear: a bounded poll, in a benchmark
    raise RuntimeError(f"no loyalty account for {customer_id} within the deadline")


async def _latencies(session, loyalty: str, sent: list[tuple[str, float]]) -> list[float]:
    deadline = time.monotonic() + 60
    opened = await asyncio.gather(*(_opened_at(session, loyalty, cid, deadline) for cid, _ in sent))
    return sorted(max(0.0, o - s) * 1000 for o, (_, s) in zip(opened, sent, strict=True))


def _percentile(values: list[float], fraction: float) -> float:
    return round(values[min(len(values) - 1, int(len(values) * fraction))], 2)


async def _saturate(session, customers: str, loyalty: str, count: int, concurrency: int = 32) -> float:
    started = time.time()
    pending = iter(range(count))
    sent: list[tuple[str, float]] = []

    async def worker() -> None:
        for _ in pending:
            sent.append(await _register(session, customers))

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    deadline = time.monotonic() + 60
    opened = await asyncio.gather(*(_opened_at(session, loyalty, cid, deadline) for cid, _ in sent))
    return count / (max(opened) - started)


async def _open_loop(session, customers: str, loyalty: str, rate: float, seconds: float) -> dict:
    interval, tasks = 1 / rate, []
    start = time.monotonic()
    for n in range(int(rate * seconds)):
        delay = start + n * interval - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)  # pacing the arrivals of an open-loop load
        tasks.append(asyncio.create_task(_register(session, customers)))
    sent = await asyncio.gather(*tasks)
    latencies = await _latencies(session, loyalty, list(sent))
    return {"rate_per_s": round(rate, 1), "registrations": len(sent),
            "p50_ms": _percentile(latencies, 0.50), "p99_ms": _percentile(latencies, 0.99)}


async def run(*, customers: str, loyalty: str) -> dict:
    connector = aiohttp.TCPConnector(limit=64)
    async with aiohttp.ClientSession(connector=connector) as session:
        maximum = await _saturate(session, customers, loyalty, count=600)
        light = await _open_loop(session, customers, loyalty, rate=5, seconds=6)
        half = await _open_loop(session, customers, loyalty, rate=maximum / 2, seconds=8)
    return {"max_registrations_per_s": round(maximum, 1), "light": light, "half_of_max": half}
