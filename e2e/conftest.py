"""Fixtures for journeys across the whole running system, started by the real CLI."""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tomllib
import urllib.error
import urllib.request
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

    def logged_services(self, correlation_id: str) -> set[str]:
        """The services whose log lines carry ``correlation_id``."""
        lines = self.cli("logs", "--correlation-id", correlation_id, "--json").stdout.splitlines()
        return {json.loads(line)["service"] for line in lines if line.startswith("{")}


@contextlib.contextmanager
def running_system(tmp_path_factory, **settings: str) -> Iterator[RunningSystem]:
    """The whole system started by ``musiccorp up --detach`` on free ports, with extra ``settings`` in its
    environment; ``musiccorp down`` afterwards."""
    home = tmp_path_factory.mktemp("musiccorp-home")
    offset = free_offset()
    env = {**os.environ, "MUSICCORP_HOME": str(home), "MUSICCORP_ROOT": str(ROOT),
           "MUSICCORP_PORT_OFFSET": str(offset),
           # Other tests share the two cores while ten processes start: give each more than the default 30 s.
           "MUSICCORP_START_TIMEOUT": "120", **settings}
    running = RunningSystem(home=home, env=env, offset=offset)
    running.cli("up", "--detach", timeout=240)
    try:
        yield running
    finally:
        running.cli("down", check=False)


@pytest.fixture(scope="module")
def system(tmp_path_factory) -> Iterator[RunningSystem]:
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
