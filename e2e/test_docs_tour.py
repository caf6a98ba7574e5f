"""The docs tour: every command and link the README and the "How to see it" column of ``docs/practices.md`` give
a reader, run against a system started by the documented ``musiccorp up --detach`` (practices 7.4–7.7, 8.4).

The steps are read from the documents by ``ops/checks/doctour.py``, so a command added to the docs is run
here the next time the suite runs. Each is run as a reader would type it, in a shell at the repository root
(the ports moved by this system's offset, ``.musiccorp/`` pointed at its home, placeholders such as
``<album id>`` filled from the running system). A step fails on a non-zero exit, a traceback, or an answer
other than the one the docs promise (an HTTP status, ``→ 409``, ``→ exit 1``). A command that runs until
stopped (``--follow``, ``events tail``) must print its first line and still be running; Ctrl-C then ends it
with exit 0. After a step that stops or kills a service, or turns on PayBuddy's chaos, the tour puts the
system back before the next step.
"""

from __future__ import annotations

import importlib.util
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e-docs-tour")]  # its own system

_spec = importlib.util.spec_from_file_location("doctour", ROOT / "ops" / "checks" / "doctour.py")
doctour = sys.modules.setdefault("doctour", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(doctour)

COMMAND_TIMEOUT = 60.0
FIRST_LINE_TIMEOUT = 30.0
DISRUPTIVE = {"stop", "kill", "start"}


@dataclass(frozen=True)
class TourStep:
    """A distinct step and every place in the docs that gives it."""

    step: doctour.Step
    sources: tuple[str, ...]

    @property
    def id(self) -> str:
        return f"{self.sources[0]} {self.step.text}"[:90]


def _same(step: doctour.Step) -> str:
    return re.sub(r"^\.venv/bin/musiccorp\b", "musiccorp", step.text)


def _tour() -> tuple[TourStep, TourStep, list[TourStep]]:
    """The documented ``up --detach``, the documented ``down``, and every other runnable step in reading order."""
    grouped: dict[str, list[doctour.Step]] = {}
    for step in doctour.read_tour(ROOT):
        if step.kind != "make":  # make targets run this very test; tests/docs checks they exist
            grouped.setdefault(_same(step), []).append(step)
    steps = [TourStep(found[0], tuple(s.source for s in found)) for found in grouped.values()]
    up = next(s for s in steps if s.step.kind == "cli" and s.step.words[1:] in (["up", "--detach"], ["up", "-d"]))
    down = next(s for s in steps if s.step.kind == "cli" and s.step.words[1:] == ["down"])
    return up, down, [s for s in steps if s not in (up, down)]


UP, DOWN, STEPS = _tour()


class Tour:
    """The system under the tour, and how a documented command is run against it."""

    def __init__(self, system) -> None:
        self.system = system
        self.home = system.home
        # A reader's shell at the repository root, after `make run`: the venv's commands on the PATH.
        self.env = {**system.env, "PATH": f"{ROOT / '.venv' / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"}
        self.values: dict[str, str] = {}

    def command(self, text: str) -> str:
        """``text`` as this system needs it: ports moved, the home where it is, placeholders filled."""
        text = self.system.on_its_ports(text).replace(".musiccorp/", f"{self.home}/")
        return re.sub(r"<([a-z][a-z ]*)>", lambda m: self.values[m.group(1)], text)

    def shell(self, text: str, *, timeout: float = COMMAND_TIMEOUT) -> subprocess.CompletedProcess:
        return subprocess.run(["bash", "-o", "pipefail", "-c", text], cwd=ROOT, env=self.env, capture_output=True,
                              text=True, timeout=timeout)

    def until_stopped(self, text: str) -> tuple[str, int, str]:
        """Start a command that runs until stopped; its first line, its exit after Ctrl-C, all it printed."""
        child = subprocess.Popen(["bash", "-c", f"exec {text}"], cwd=ROOT, env=self.env, text=True,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        first: list[str] = []
        arrived = threading.Event()

        def read_first() -> None:
            first.append(child.stdout.readline())
            arrived.set()

        threading.Thread(target=read_first, daemon=True).start()
        try:
            arrived.wait(FIRST_LINE_TIMEOUT)
            still_running = child.poll() is None
            child.send_signal(signal.SIGINT)
            rest, _ = child.communicate(timeout=30)
        finally:
            if child.poll() is None:
                child.kill()
        line = first[0] if first else ""
        assert line.strip(), f"printed nothing within {FIRST_LINE_TIMEOUT} s"
        assert not line.startswith("musiccorp: "), f"failed at once:\n{line}{rest}"
        assert still_running, f"ended by itself (exit {child.returncode}):\n{line}{rest}"
        return line, child.returncode, line + rest

    def all_ready(self, within: float = 120) -> None:
        """Wait until every service and third party answers ready (after a stop, a kill or a restart)."""
        deadline = time.monotonic() + within
        while True:
            status = self.system.status()
            children = [*status["services"], *status["providers"]]
            for child in children:
                if child["state"] == "stopped":
                    self.system.cli("start", child["name"], timeout=180)
            if all(child["state"] == "ready" for child in children):
                return
            assert time.monotonic() < deadline, f"not all ready within {within} s: {children}"
            time.sleep(0.5)  # a restart in progress: a bounded wait for the supervisor, not a synchronisation

    def calm_paybuddy(self) -> None:
        status, _ = self.system.call("paybuddy", "DELETE", "/admin/chaos")
        assert status in (200, 204)


@pytest.fixture(scope="module")
def tour(tmp_path_factory, system_on_free_ports, shop_on) -> Iterator[Tour]:
    """The system started by the documented ``up --detach``, with a customer who bought an album whose parcel
    is dispatched (for ``<customer id>``, ``<order id>``, ``<album id>``) and a page view's correlation id."""
    tour = Tour(system_on_free_ports(tmp_path_factory))
    started = tour.shell(tour.command(UP.step.text), timeout=300)
    assert started.returncode == 0, f"{UP.sources[0]}: {UP.step.text}\n{started.stdout}\n{started.stderr}"
    try:
        shop = shop_on(tour.system)
        status, order = shop.place(shop.order_body(shop.card_token()))
        assert status == 201, order
        assert shop.final(order["id"])["status"] == "completed"
        _wait_for_dispatch(tour.system, order["id"])
        with urllib.request.urlopen(tour.system.url("storefront") + "/", timeout=30) as page:
            correlation_id = page.headers["X-Correlation-ID"]
        tour.values.update({"album id": shop.album_id, "customer id": shop.customer_id, "order id": order["id"],
                            "correlation id": correlation_id})
        yield tour
    finally:
        tour.system.cli("down", check=False)


def _wait_for_dispatch(system, order_id: str, within: float = 60) -> None:
    deadline = time.monotonic() + within
    while True:
        status, shipment = system.call("shipping", "GET", f"/v1/shipments/{order_id}")
        if status == 200 and shipment["status"] == "dispatched":
            return
        assert time.monotonic() < deadline, f"the parcel of {order_id} was not dispatched: {status} {shipment}"
        time.sleep(0.2)  # picking and dispatch happen on events: a bounded wait, not a synchronisation point


@pytest.mark.parametrize("item", STEPS, ids=lambda item: item.id)
def test_every_documented_step_does_what_the_docs_say(tour, item):
    """Run one step as a reader would; its exit, its output and its answer are what the docs promise."""
    step = item.step
    text = tour.command(step.text)
    where = f"{', '.join(item.sources)}: `{step.text}`"
    try:
        if step.kind in ("http", "link"):
            _check_http(tour, step, text, where)
        elif step.long_running:
            _first_line, code, output = tour.until_stopped(text)
            assert "Traceback" not in output, f"{where} printed a traceback:\n{output}"
            assert code == 0, f"{where} ended with exit {code} on Ctrl-C:\n{output}"
        else:
            result = tour.shell(text)
            output = result.stdout + result.stderr
            assert "Traceback" not in output, f"{where} printed a traceback:\n{output}"
            assert result.returncode == (step.expect or 0), f"{where} exited {result.returncode}:\n{output}"
    finally:
        if step.kind == "cli" and DISRUPTIVE & set(step.words[1:2]):
            tour.all_ready()
        if "/admin/chaos" in step.text:
            tour.calm_paybuddy()


def _check_http(tour: Tour, step, text: str, where: str) -> None:
    if step.kind == "link":
        text = f"curl {text}"
    if "|" in text:  # a pipeline (`curl … | grep …`): it must succeed as a whole
        result = tour.shell(text)
        assert result.returncode == 0, f"{where} exited {result.returncode}:\n{result.stdout}{result.stderr}"
        return
    result = tour.shell(f"{text} --silent --show-error --max-time 30 --write-out '\\n%{{http_code}}'")
    assert result.returncode == 0, f"{where}: curl exited {result.returncode}: {result.stderr}"
    body, _, status = result.stdout.rpartition("\n")
    expected = step.expect
    ok = int(status) == expected if expected else 200 <= int(status) < 400
    assert ok, f"{where} answered {status}, the docs say {step.expected}:\n{body[:2000]}"


def test_the_documented_down_stops_everything(tour):
    """Last: the documented ``down`` stops every service, third party and the broker, no process of theirs
    survives, and ``status`` then says it is not running."""
    status = tour.system.status()
    pids = [child["pid"] for child in (*status["services"], *status["providers"], status["broker"], status["mail"])]
    assert all(psutil.pid_exists(pid) for pid in pids)
    result = tour.shell(tour.command(DOWN.step.text))
    assert result.returncode == 0, result.stdout + result.stderr
    _gone, alive = psutil.wait_procs([psutil.Process(pid) for pid in pids if psutil.pid_exists(pid)], timeout=10)
    assert not alive, f"still running after down: {alive}"
    after = tour.system.cli("status", check=False)
    assert (after.returncode, after.stderr) == (1, "musiccorp: MusicCorp is not running.\n")
