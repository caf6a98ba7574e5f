"""A real kill -9: the orders process dies at a crash point of a saga, restarts, and the order completes.

The orders app runs as its own OS process (``python -m musiccorp.chassis.serve``)
on a SQLite file, with a real NATS, its downstreams played by a stub HTTP server
found through discovery. A crash point is armed
(``MUSICCORP_ORDERS_CRASH_POINTS_DIR``, see the README): the runner sends itself
SIGKILL there. Restarted on the same database, untouched, the process resumes the
saga once the dead one's lease expired. At an ``.after`` point the participant
had acted but orders had not recorded it: the call is made again, with the same
Idempotency-Key — the provider's idempotency is what keeps it one charge.

The full-system kill tests, across real services, live in ``e2e/``.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import time
import uuid
from contextlib import asynccontextmanager

import aiohttp
import pytest
from aiohttp import web

from musiccorp.chassis.discovery import Instance, NatsKvRegistry
from musiccorp.chassis.testing import free_port

ALBUM_ID = "1f0c7d1e-8a53-5bd4-9c0e-6a8f0f3c2a11"
DOWNSTREAMS = ("catalog", "warehouse", "payments", "shipping")
STARTUP_SECONDS = 90  # a cold interpreter on a busy CI machine


class Downstreams:
    """The catalog, warehouse, payments and shipping in one stub; every request is recorded."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, str | None]] = []  # (method, route, Idempotency-Key)
        self.url = ""
        self._runner: web.AppRunner | None = None

    def calls(self, method: str, route: str) -> list[str | None]:
        return [key for m, r, key in self.requests if (m, r) == (method, route)]

    async def start(self) -> None:
        app = web.Application()
        album = {"id": ALBUM_ID, "title": "Blue River", "artist": {"id": "a-1", "name": "Nina Valdés"},
                 "price": {"amount": "9.99", "currency": "GBP"}}
        routes = [
            ("GET", "/v1/albums/{id}", 200, album),
            ("PUT", "/v1/reservations/{id}", 201, {"status": "held"}),
            ("PUT", "/v1/reservations/{id}/confirmation", 200, {"status": "confirmed"}),
            ("DELETE", "/v1/reservations/{id}", 204, None),
            ("POST", "/v1/payments", 201, {"status": "captured"}),
            ("POST", "/v1/refunds", 201, {"status": "refunded"}),
            ("PUT", "/v1/shipments/{id}", 201, {"tracking_number": "MC48213907562", "status": "awaiting_pick"}),
            ("DELETE", "/v1/shipments/{id}", 204, None),
        ]
        for method, route, status, body in routes:
            app.router.add_route(method, route, self._answer(method, route, status, body))
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"

    def _answer(self, method: str, route: str, status: int, body: dict | None):
        async def handle(request: web.Request) -> web.Response:
            self.requests.append((method, route, request.headers.get("Idempotency-Key")))
            return web.json_response(body, status=status) if body is not None else web.Response(status=status)

        return handle

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


@pytest.fixture
async def downstreams(nats_url):
    """The stub, announced in discovery under each downstream's name (and named in SERVICE_URLS too)."""
    stub = Downstreams()
    await stub.start()
    registry = await NatsKvRegistry.connect(nats_url)
    instances = [Instance(service=name, instance_id=f"stub-{uuid.uuid4().hex[:8]}", url=stub.url)
                 for name in DOWNSTREAMS]
    for instance in instances:
        await registry.register(instance)
    yield stub
    for instance in instances:
        await registry.deregister(instance)
    await registry.close()
    await stub.close()


@asynccontextmanager
async def orders_process(env: dict[str, str], port: int, log_path):
    """The orders service as its own process; yields it once ready, terminates it on exit if still alive."""
    log = await asyncio.to_thread(log_path.open, "ab")
    with log:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "musiccorp.chassis.serve", "musiccorp.orders.entrypoints.api:create_app",
            "--port", str(port), env=env, stdout=log, stderr=log)
    try:
        await _ready(process, f"http://127.0.0.1:{port}", log_path)
        yield process
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), timeout=15)
            except TimeoutError:
                process.kill()
                await process.wait()


async def _ready(process, url: str, log_path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            if process.returncode is not None:
                raise AssertionError(f"orders exited with {process.returncode}:\n{log_path.read_text()[-3000:]}")
            try:
                async with session.get(f"{url}/health/ready") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError(f"orders was not ready within {STARTUP_SECONDS} s:\n{log_path.read_text()[-3000:]}")


@pytest.mark.parametrize("point, method, route", [
    ("take_payment.after", "POST", "/v1/payments"),
    ("create_shipment.after", "PUT", "/v1/shipments/{id}"),
])
async def test_orders_killed_at_a_crash_point_completes_the_order_after_a_restart(
        tmp_path, nats_url, downstreams, point, method, route):
    """The process kills itself after the call; restarted on the same database it re-sends it (same key) and
    the order completes."""
    crash_points = tmp_path / "crash-points"
    crash_points.mkdir()
    (crash_points / point).touch()
    port = free_port()
    env = {**os.environ,
           "MUSICCORP_ORDERS_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/orders.db",
           "MUSICCORP_ORDERS_NATS_URL": nats_url,
           "MUSICCORP_ORDERS_SERVICE_URLS": json.dumps({name: downstreams.url for name in DOWNSTREAMS}),
           "MUSICCORP_ORDERS_CRASH_POINTS_DIR": str(crash_points),
           "MUSICCORP_ORDERS_INSTANCE_ID": f"orders-crash-{uuid.uuid4().hex[:8]}",
           "MUSICCORP_ORDERS_SAGA_LEASE_SECONDS": "1", "MUSICCORP_ORDERS_SAGA_POLL_SECONDS": "0.2",
           "MUSICCORP_ORDERS_LOG_LEVEL": "warning"}
    url = f"http://127.0.0.1:{port}"
    body = {"customer_id": "5b1d2c4e-2f0a-4c55-9f7e-3c1f6f4b8a21", "card_token": "tok_visa",
            "lines": [{"album_id": ALBUM_ID, "quantity": 2}],
            "shipping_address": {"name": "Ada Lovelace", "line1": "12 St James's Square", "city": "London",
                                 "postcode": "SW1Y 4JH", "country": "GB"}}

    async with aiohttp.ClientSession() as session:
        async with orders_process(env, port, tmp_path / "orders.log") as first:
            async with session.post(f"{url}/v1/orders", json=body,
                                    headers={"Idempotency-Key": str(uuid.uuid4())}) as response:
                assert response.status == 201
                order = await response.json()
            assert await asyncio.wait_for(first.wait(), timeout=30) == -signal.SIGKILL
        assert not (crash_points / point).exists()
        assert len(downstreams.calls(method, route)) == 1  # it acted; orders died before recording it

        async with orders_process(env, port, tmp_path / "orders.log"):
            deadline = time.monotonic() + 30
            while order["status"] != "completed" and time.monotonic() < deadline:
                async with session.get(f"{url}/v1/orders/{order['id']}",
                                       params={"wait": "5", "version_gt": str(order["version"])}) as response:
                    order = await response.json()
    assert (order["status"], order["version"], order["tracking_number"]) == ("completed", 5, "MC48213907562")
    keys = downstreams.calls(method, route)
    assert len(keys) == 2  # sent again after the restart ...
    if method == "POST":  # ... with the same Idempotency-Key, so the provider takes one charge
        assert keys == [f"charge-{order['id']}"] * 2
    assert len(downstreams.calls("POST", "/v1/payments")) <= 2
