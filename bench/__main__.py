"""Run every benchmark and report CPU per request in units of a trivial request of the same run.

The machines are shared and noisy, so absolute milliseconds mean little; the
ratio to the cheapest possible request, measured minutes apart on the same
machine and server, means a lot. CPU is read from the server processes only
(user + system time), never the load generator.

Benchmarks:
- ``trivial``: a bare ASGI app on the services' server (the unit).
- ``catalog_album``: ``GET /v1/albums/{id}`` on the catalog, direct.
- ``storefront_album_page``: the album page (BFF → catalog), CPU summed over storefront and catalog.
- ``up``: wall time of ``musiccorp up --detach`` until every service is ready; PSS memory per service.
- ``registration``: registration → loyalty account, at saturation, light load and half of it.
- ``checkout``: orders completed per second at saturation; CPU per completed order summed over every process
  (services, NATS, PayBuddy, the mail sink) against the order's physical limit (what it does, each at its
  cheapest raw cost: ``bench/primitives.py``); p50/p99 of ``POST /v1/orders`` → completed at half saturation.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import psutil

from bench import checkout, primitives, registration, relay

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "6000"))
CONCURRENCY = 32


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def free_offset() -> int:
    import random
    import tomllib

    ports = [tomllib.loads(path.read_text())["run"]["port"]
             for path in (*ROOT.glob("services/*/service.toml"), *ROOT.glob("thirdparty/*/thirdparty.toml"))]
    while True:
        offset = random.randrange(10_000, 23_000, 10)  # below the ephemeral ports (32768+)
        try:
            for port in (*ports, 8422, 8423, 8025, 8026):
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", port + offset))
            return offset
        except OSError:
            continue


def cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        process = psutil.Process(pid)
        for proc in (process, *process.children(recursive=True)):
            times = proc.cpu_times()
            total += times.user + times.system
    return total


def load(urls: list[str], count: int) -> dict:
    out = subprocess.run([sys.executable, "-m", "bench.load", ",".join(urls), str(count), str(CONCURRENCY)],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(out.stdout)


def measure(name: str, urls: list[str], pids: list[int]) -> dict:
    load(urls, max(500, REQUESTS // 10))  # warm up: connections, caches, JIT-free but lazy imports
    before = cpu_seconds(pids)
    result = load(urls, REQUESTS)
    used = cpu_seconds(pids) - before
    result.update(name=name, cpu_ms_per_request=round(used * 1000 / REQUESTS, 4))
    return result


def wait_ready(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{url} never became ready")


def bench_trivial() -> dict:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "musiccorp.chassis.serve", "bench.trivial_app:create_app",
                               "--port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(f"http://127.0.0.1:{port}/")
        return measure("trivial", [f"http://127.0.0.1:{port}/"], [server.pid])
    finally:
        server.terminate()
        server.wait(10)


def cli(env: dict, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "musiccorp.cli", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"musiccorp {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done


def pss_mib(pid: int) -> float:
    process = psutil.Process(pid)
    return round(sum(p.memory_full_info().pss for p in (process, *process.children(recursive=True))) / 2**20, 1)


def bench_system() -> tuple[list[dict], dict]:
    home = Path(tempfile.mkdtemp(prefix="musiccorp-bench-"))
    env = {**os.environ, "MUSICCORP_HOME": str(home), "MUSICCORP_ROOT": str(ROOT),
           "MUSICCORP_PORT_OFFSET": str(free_offset())}
    started = time.perf_counter()
    cli(env, "up", "--detach")
    up_seconds = round(time.perf_counter() - started, 2)
    try:
        status = json.loads(cli(env, "status", "--json").stdout)
        services = {s["name"]: s for s in status["services"]}
        catalog, storefront = services["catalog"], services["storefront"]
        with urllib.request.urlopen(catalog["url"] + "/v1/albums?size=50") as response:
            ids = [a["id"] for a in json.load(response)["_embedded"]["albums"]]
        results = [
            measure("catalog_album", [f"{catalog['url']}/v1/albums/{i}" for i in ids], [catalog["pid"]]),
            measure("storefront_album_page", [f"{storefront['url']}/albums/{i}" for i in ids],
                    [storefront["pid"], catalog["pid"]]),
        ]
        memory = {name: pss_mib(s["pid"]) for name, s in services.items()}
        memory["nats"] = pss_mib(status["broker"]["pid"])
        choreography = asyncio.run(registration.run(customers=services["customers"]["url"],
                                                    loyalty=services["loyalty"]["url"]))
        processes = {**{s["name"]: s["pid"] for s in status["services"]},
                     **{p["name"]: p["pid"] for p in status["providers"]},
                     "nats": status["broker"]["pid"], "mail": status["mail"]["pid"]}
        everything = list(processes.values())
        paybuddy = next(p["url"] for p in status["providers"] if p["name"] == "paybuddy")
        ordering = asyncio.run(checkout.run(urls={name: s["url"] for name, s in services.items()},
                                            paybuddy=paybuddy, cpu=lambda: cpu_seconds(everything),
                                            cpu_by_process=lambda: {name: cpu_seconds([pid])
                                                                    for name, pid in processes.items()}))
        return results, {"up_seconds": up_seconds, "pss_mib": memory, "registration": choreography,
                         "checkout": ordering}
    finally:
        cli(env, "down")


GOALS = {"catalog_album": 6.0, "storefront_album_page": 10.0}


def main() -> None:
    # The unit is measured before and after the system's benchmarks, and averaged, so that a
    # change in the machine's load during the run moves both sides of the ratio alike.
    before = bench_trivial()
    results, system = bench_system()
    after = bench_trivial()
    unit = (before["cpu_ms_per_request"] + after["cpu_ms_per_request"]) / 2
    # A hop between two services costs both ends: the server's CPU and the (aiohttp) client's.
    hop = unit + (before["client_cpu_ms_per_request"] + after["client_cpu_ms_per_request"]) / 2
    trivial = {"before": before, "after": after, "cpu_ms_per_request": unit, "hop_cpu_ms": round(hop, 4)}
    print(f"unit: trivial request = {unit:.4f} ms CPU (before {before['cpu_ms_per_request']:.4f}, "
          f"after {after['cpu_ms_per_request']:.4f}; {REQUESTS} requests, {CONCURRENCY} in flight)")
    print(f"{'benchmark':<24}{'CPU ms/req':>12}{'units':>8}{'goal':>7}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}")
    for result in results:
        result["units"] = round(result["cpu_ms_per_request"] / unit, 2)
        goal = GOALS.get(result["name"])
        print(f"{result['name']:<24}{result['cpu_ms_per_request']:>12.4f}{result['units']:>8.2f}"
              f"{goal or '':>7}{result['requests'] / result['seconds']:>9.0f}{result['p50_ms']:>9}"
              f"{result['p99_ms']:>9}")
    print(f"musiccorp up → all ready: {system['up_seconds']} s (goal ≤ 10)")
    flow = system["registration"]
    print(f"registration → loyalty account: max {flow['max_registrations_per_s']}/s; "
          f"light {flow['light']['rate_per_s']}/s p50 {flow['light']['p50_ms']} ms p99 {flow['light']['p99_ms']} ms; "
          f"half of max {flow['half_of_max']['rate_per_s']}/s p50 {flow['half_of_max']['p50_ms']} ms "
          f"p99 {flow['half_of_max']['p99_ms']} ms (goal p99 ≤ 50 ms)")
    raw = primitives.run()
    flow = system["checkout"]
    saturation = flow["saturation"]
    limit = checkout.physical_limit(saturation["per_order"], hop_ms=hop, primitives=raw)
    flow.update(primitives=raw, hop_cpu_ms=round(hop, 4), **limit,
                units_per_order=round(saturation["cpu_ms_per_order"] / unit, 1),
                times_the_limit=round(saturation["cpu_ms_per_order"] / limit["limit_ms"], 2))
    print(f"checkout: {saturation['orders_per_s']} orders/s at saturation ({saturation['orders']} orders); "
          f"CPU per completed order {saturation['cpu_ms_per_order']} ms = {flow['units_per_order']} units, "
          f"{flow['times_the_limit']}x its physical limit of {limit['limit_ms']} ms (goal ≤ 2x)")
    print(f"  one order does: {saturation['per_order']}; priced at hop {hop:.4f} ms, insert {raw['insert_ms']} ms, "
          f"publish {raw['publish_ms']} ms, consume {raw['consume_ms']} ms → {limit['parts_ms']}")
    print("  CPU ms per order by process: " + ", ".join(
        f"{name} {ms}" for name, ms in saturation["cpu_ms_per_order_by_process"].items()))
    half = flow["half_of_saturation"]
    print(f"  POST /v1/orders → completed at half saturation ({half['rate_per_s']}/s, {half['orders']} orders): "
          f"p50 {half['p50_ms']} ms, p99 {half['p99_ms']} ms")
    relayed = relay.run()
    system["relay"] = relayed
    print(f"outbox relay: {relayed}")
    print("PSS per process (MiB, goal ≤ 90): " + ", ".join(f"{k} {v}" for k, v in system["pss_mib"].items()))
    RESULTS.mkdir(exist_ok=True)
    report = {"at": datetime.now(UTC).isoformat(), "trivial": trivial, "results": results, **system}
    path = RESULTS / f"bench-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    path.write_text(json.dumps(report, indent=2))
    print(f"report: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
