"""Fixtures for journeys across the whole running system, started by the real CLI."""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Ports the system uses before the offset: every service's and third party's, NATS (client, monitoring), the mail
# sink (SMTP, web).
BASE_PORTS = (*(tomllib.loads(p.read_text())["run"]["port"]
                for p in (*ROOT.glob("services/*/service.toml"), *ROOT.glob("thirdparty/*/thirdparty.toml"))),
              8422, 8423, 8025, 8026)


def _ports_free(offset: int) -> bool:
    for port in BASE_PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port + offset))
            except OSError:
                return False
    return True


def free_offset() -> int:
    for _ in range(200):
        # Below the kernel's ephemeral range (32768+): no outgoing connection can be holding a port the system
        # is about to listen on (base ports run 8000-8900).
        offset = random.randrange(10_000, 23_000, 10)
        if _ports_free(offset):
            return offset
    raise RuntimeError("no free port range for the system under test")


@dataclass
class RunningSystem:
    home: Path
    env: dict[str, str]
    offset: int
    crash_points: Path | None = None
    _urls: dict[str, str] = field(default_factory=dict, repr=False)

    def cli(self, *args: str, check: bool = True, timeout: float = 90) -> subprocess.CompletedProcess:
        result = subprocess.run([sys.executable, "-m", "musiccorp.cli", *args], env=self.env, cwd=ROOT,
                                capture_output=True, text=True, timeout=timeout)
        if check and result.returncode != 0:
            raise AssertionError(f"musiccorp {' '.join(args)} failed ({result.returncode}):\n"
                                 f"{result.stdout}\n{result.stderr}")
        return result

    def status(self) -> dict:
        return json.loads(self.cli("status", "--json", check=False).stdout)

    def url(self, service: str) -> str:
        """A service's (or third party's) URL; ports never change while the system runs, so asked once."""
        if not self._urls:
            status = self.status()
            self._urls = {entry["name"]: entry["url"] for entry in (*status["services"], *status["providers"])}
        return self._urls[service]

    def call(self, service: str, method: str, path: str, body: dict | None = None,
             headers: dict[str, str] | None = None, timeout: float = 40) -> tuple[int, dict]:
        """One JSON request to a running service (or third party); ``(status, body)``, errors included."""
        base = self.url(service)
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json", **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                raw = response.read()
                return response.status, json.loads(raw) if raw else {}
        except urllib.error.HTTPError as error:
            raw = error.read()
            return error.code, json.loads(raw) if raw else {}

    def on_its_ports(self, text: str) -> str:
        """``text`` with every base port of the system (``127.0.0.1:8101``) moved by this system's offset."""

        def port(match: re.Match) -> str:
            number = int(match.group(2))
            return f"{match.group(1)}:{number + self.offset if number in BASE_PORTS else number}"

        return re.sub(r"(127\.0\.0\.1|localhost):(\d+)", port, text)

    def logged_services(self, correlation_id: str) -> set[str]:
        """The services whose log lines carry ``correlation_id``."""
        lines = self.cli("logs", "--correlation-id", correlation_id, "--json").stdout.splitlines()
        return {json.loads(line)["service"] for line in lines if line.startswith("{")}


FINAL = {"completed", "cancelled"}


class Shop:
    """What a client of the APIs does to buy an album; each call checks its answer."""

    def __init__(self, system) -> None:
        self.system = system
        status, body = system.call("customers", "POST", "/v1/customers", {
            "name": "Grace Hopper", "email": f"grace+{uuid.uuid4().hex[:8]}@example.com",
            "address": {"line1": "1 Harbour Road", "city": "Bristol", "postcode": "BS1 4DJ", "country": "GB"}})
        assert status == 201, body
        self.customer_id = body["id"]
        self.album_id = self._album_in_stock()

    def _album_in_stock(self) -> str:
        status, page = self.system.call("catalog", "GET", "/v1/albums?size=50")
        assert status == 200, page
        for album in page["_embedded"]["albums"]:
            status, stock = self.system.call("warehouse", "GET", f"/v1/stock/{album['id']}")
            if status == 200 and stock["available"] >= 30:
                return album["id"]
        raise AssertionError("no album with 30 in stock among the first 50")

    def stock(self) -> dict:
        status, stock = self.system.call("warehouse", "GET", f"/v1/stock/{self.album_id}")
        assert status == 200, stock
        return stock

    def card_token(self, number: str = "4242 4242 4242 4242") -> str:
        status, body = self.system.call("paybuddy", "POST", "/v2/tokens", {"card": {
            "number": number, "expMonth": 12, "expYear": 2035, "cvc": "123", "holderName": "Grace Hopper"}})
        assert status == 201, body
        return body["token"]

    def order_body(self, token: str) -> dict:
        return {"customer_id": self.customer_id, "lines": [{"album_id": self.album_id, "quantity": 1}],
                "card_token": token,
                "shipping_address": {"name": "Grace Hopper", "line1": "1 Harbour Road", "city": "Bristol",
                                     "postcode": "BS1 4DJ", "country": "GB"}}

    def orders_ready(self, within: float = 90) -> None:
        """Wait until orders answers again (after a crash the supervisor restarts it)."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            try:
                if self.system.call("orders", "GET", "/health/ready", timeout=5)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)  # orders is restarting: a bounded retry, not a synchronisation point
        raise AssertionError(f"orders was not ready again within {within} s")

    def place(self, body: dict, key: str | None = None) -> tuple[int, dict]:
        """``POST /v1/orders`` as a careful client does it: when the answer is lost (orders died mid-request, or
        is restarting), send the same request again under the same Idempotency-Key — it can never order twice."""
        key = key or str(uuid.uuid4())
        for _ in range(5):
            try:
                return self.system.call("orders", "POST", "/v1/orders", body, headers={"Idempotency-Key": key})
            except OSError:
                self.orders_ready()
        raise AssertionError("orders never answered the order")

    def final(self, order_id: str, within: float = 90) -> dict:
        """The order once it is completed or cancelled, followed by long polls (no fixed sleeps)."""
        deadline = time.monotonic() + within
        version = 0
        while time.monotonic() < deadline:
            try:
                status, order = self.system.call("orders", "GET",
                                                 f"/v1/orders/{order_id}?wait=5&version_gt={version}")
            except OSError:  # orders is being restarted after a crash: the supervisor brings it back
                status, order = 0, {}
            if status == 200:
                if order["status"] in FINAL:
                    return order
                version = order["version"]
            elif status != 0 and status < 500:
                raise AssertionError(f"reading order {order_id} answered {status}: {order}")
            else:
                time.sleep(0.2)  # connection refused while orders restarts: a bounded retry, not a sync point
        raise AssertionError(f"order {order_id} did not finish within {within} s")

    def charges(self, order_id: str) -> list[dict]:
        status, body = self.system.call("paybuddy", "GET", "/admin/charges")
        assert status == 200, body
        return [c for c in body["items"] if c["merchantReference"] == f"order-{order_id}"]

    def chaos(self, **knobs) -> None:
        status, body = self.system.call("paybuddy", "PUT", "/admin/chaos", knobs)
        assert status == 200, body

    def calm(self) -> None:
        status, _ = self.system.call("paybuddy", "DELETE", "/admin/chaos")
        assert status in (200, 204)


@pytest.fixture(scope="session")
def shop_on() -> type[Shop]:
    """``shop_on(system)``: a customer of ``system``'s APIs, registered and ready to buy an album in stock."""
    return Shop


def unstarted_system(tmp_path_factory, **settings: str) -> RunningSystem:
    """A home and free ports for a whole system, with extra ``settings`` in its environment; not started yet."""
    home = tmp_path_factory.mktemp("musiccorp-home")
    offset = free_offset()
    env = {**os.environ, "MUSICCORP_HOME": str(home), "MUSICCORP_ROOT": str(ROOT),
           "MUSICCORP_PORT_OFFSET": str(offset),
           # Other tests share the two cores while ten processes start: give each more than the default 30 s.
           "MUSICCORP_START_TIMEOUT": "120", **settings}
    return RunningSystem(home=home, env=env, offset=offset)


@contextlib.contextmanager
def running_system(tmp_path_factory, **settings: str) -> Iterator[RunningSystem]:
    """The whole system started by ``musiccorp up --detach`` on free ports, with extra ``settings`` in its
    environment; ``musiccorp down`` afterwards."""
    running = unstarted_system(tmp_path_factory, **settings)
    running.cli("up", "--detach", timeout=240)
    try:
        yield running
    finally:
        running.cli("down", check=False)


@pytest.fixture(scope="session")
def system_on_free_ports():
    """``system_on_free_ports(tmp_path_factory)``: a :class:`RunningSystem` not yet started, for a test that
    starts it its own way."""
    return unstarted_system


@pytest.fixture(scope="session")
def system(tmp_path_factory) -> Iterator[RunningSystem]:
    """One system for the journeys (browse, register, check out): each starts whole systems' worth of CPU on two
    cores, so they share one; each journey makes its own customer and leaves the system as it found it."""
    with running_system(tmp_path_factory) as running:
        yield running


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's Chromium, driven by Playwright (never a browser download)."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.skip("Debian's chromium is not installed (make test installs it as root): browser test skipped")
    return path


@pytest.fixture
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def crashing_system(tmp_path_factory) -> Iterator[RunningSystem]:
    """The system with the orders saga's crash points armed from a folder, quick restarts after a crash, and
    payments giving up on PayBuddy after one second (so a held PayBuddy answer is a timeout)."""
    crash_points = tmp_path_factory.mktemp("crash-points")
    with running_system(tmp_path_factory, MUSICCORP_ORDERS_CRASH_POINTS_DIR=str(crash_points),
                        MUSICCORP_RESTART_MAX_DELAY="0.5", MUSICCORP_PAYMENTS_PAYBUDDY_TIMEOUT="1") as running:
        running.crash_points = crash_points
        yield running
