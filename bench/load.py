"""A load generator, run as its own process so its CPU is never counted against the server.

    python -m bench.load URL COUNT CONCURRENCY
    → prints JSON {requests, seconds, statuses, p50_ms, p99_ms, client_cpu_ms_per_request}

The client's own CPU is reported too: a hop between two services costs both ends.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections import Counter

import aiohttp


async def run(urls: list[str], count: int, concurrency: int) -> dict:
    statuses: Counter[int] = Counter()
    latencies: list[float] = []
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        remaining = iter(range(count))

        async def worker() -> None:
            for index in remaining:
                started = time.perf_counter()
                async with session.get(urls[index % len(urls)]) as response:
                    await response.read()
                    statuses[response.status] += 1
                latencies.append(time.perf_counter() - started)

        started, cpu_started = time.perf_counter(), time.process_time()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    latencies.sort()
    return {
        "requests": count, "seconds": round(elapsed, 3), "statuses": dict(statuses),
        "p50_ms": round(latencies[len(latencies) // 2] * 1000, 2),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 2),
        "client_cpu_ms_per_request": round(cpu * 1000 / count, 4),
    }


if __name__ == "__main__":
    url_arg, count, concurrency = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    urls = url_arg.split(",")
    print(json.dumps(asyncio.run(run(urls, count, concurrency))))
