"""Bringing a whole (fake) system up and down through the real CLI and the real chassis."""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import threading
import time

import psutil


def recorded_pids(state: dict) -> list[int]:
    children = [state["broker"], state["mail"], *state["services"]]
    return [state["supervisor_pid"], *(child["pid"] for child in children if child["pid"])]


def all_gone(pids: list[int]) -> bool:
    def gone(pid: int) -> bool:
        try:
            return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return True

    return all(gone(pid) for pid in pids)


class Lines:
    """The stdout lines of a running process, read in the background."""

    def __init__(self, process) -> None:
        self._lines: queue.Queue[str | None] = queue.Queue()

        def pump() -> None:
            for line in process.stdout:
                self._lines.put(line.rstrip("\n"))
            self._lines.put(None)

        threading.Thread(target=pump, daemon=True).start()

    def until(self, pattern: str | None, *, timeout: float = 45.0) -> list[str]:
        """Lines up to the first matching ``pattern`` (or to the end of output when ``None``)."""
        seen, deadline = [], time.monotonic() + timeout
        while True:
            line = self._lines.get(timeout=max(0.1, deadline - time.monotonic()))
            if line is None:
                return seen
            seen.append(line)
            if pattern is not None and re.search(pattern, line):
                return seen


def test_detached_up_status_down_leaves_no_process(make_system):
    """up --detach returns once all is ready; status lists each ready with pid and version; down ends all."""
    system = make_system("alpha", "beta")
    up = system.cli("up", "--detach")
    assert up.returncode == 0, up.stderr
    assert re.search(r"^all 2 services ready in \d+\.\d+s — open http://127\.0\.0\.1:\d+$", up.stdout, re.M)
    status = system.status()
    assert [(entry["name"], entry["state"], entry["version"]) for entry in status["services"]] == [
        ("alpha", "ready", "9.9.9"), ("beta", "ready", "9.9.9"),
    ]
    assert all(psutil.pid_exists(entry["pid"]) for entry in status["services"])
    assert status["broker"]["state"] == "ready" and status["mail"]["state"] == "ready"
    pids = recorded_pids(system.state())

    down = system.cli("down")

    assert (down.returncode, down.stdout) == (0, "stopped 2 services, the mail sink and the broker\n")
    assert all_gone(pids) and system.processes() == []
    assert not (system.home / "run" / "state.json").exists()


def test_foreground_up_prints_plain_progress_and_stops_on_sigint(make_system):
    """Without a terminal, up prints one line per step, then stops everything cleanly on Ctrl-C."""
    system = make_system("alpha", "beta")
    up = system.popen("up")
    output = Lines(up)
    lines = output.until(r"^all 2 services ready")
    assert set(lines[:2]) == {"nats: starting", "mail: starting"}
    assert any(re.fullmatch(r"nats: ready at nats://127\.0\.0\.1:\d+ \(\d+\.\d+s\)", line) for line in lines)
    assert {"alpha: starting", "beta: starting"} <= set(lines)
    ready = [line for line in lines if re.fullmatch(r"\w+: ready at http://\S+ \(pid \d+, \d+\.\d+s\)", line)]
    assert sorted(line.split(":")[0] for line in ready) == ["alpha", "beta", "mail"]
    assert max(lines.index(line) for line in lines if line.startswith(("nats: ready", "mail: ready"))) < min(
        lines.index(line) for line in ("alpha: starting", "beta: starting"))
    pids = recorded_pids(system.state())

    up.send_signal(signal.SIGINT)
    rest = output.until(None)

    assert up.wait(timeout=30) == 0
    assert rest[-1] == "stopped 2 services, the mail sink and the broker"
    assert all_gone(pids) and system.processes() == []


def test_up_refuses_a_port_in_use_and_starts_nothing(make_system):
    """A taken port is named with its owner in one line; nothing is left running."""
    system = make_system("alpha", "beta")
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", system.port("beta")))
        squatter.listen()
        result = system.cli("up", "--detach")
    assert result.returncode == 1
    assert result.stderr == (f"musiccorp: port {system.port('beta')} (beta) is already in use; "
                             "stop what holds it or set MUSICCORP_PORT_OFFSET.\n")
    assert system.processes() == [] and system.state() is None


def test_up_refuses_a_taken_mail_port(make_system):
    """The port check covers the mail sink's SMTP port too."""
    system = make_system("alpha")
    smtp_port = 8025 + system.offset
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", smtp_port))
        squatter.listen()
        result = system.cli("up", "--detach")
    assert result.returncode == 1
    assert result.stderr.startswith(f"musiccorp: port {smtp_port} (mail SMTP) is already in use;")
    assert system.processes() == [] and system.state() is None


def test_service_failing_at_startup_shows_its_log_and_stops_everything(make_system):
    """A service that exits while starting is named with its last log lines; exit 1; nothing left."""
    system = make_system("alpha", "broken")
    result = system.cli("up", "--detach")
    assert result.returncode == 1
    report = result.stderr.splitlines()
    assert report[0].startswith("musiccorp: broken failed to start: exited with code 1; last ")
    assert "cannot open the database" in report[1]
    assert report[-1] == "    RuntimeError: database is locked (fake)"
    assert system.processes() == [] and system.state() is None


def test_service_never_ready_times_out_and_stops_everything(make_system):
    """A service that never answers ready fails after the start timeout; nothing is left running."""
    system = make_system("sleepy")
    system.env["MUSICCORP_START_TIMEOUT"] = "3"
    result = system.cli("up", "--detach")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith("musiccorp: sleepy failed to start: not ready after 3s")
    assert system.processes() == [] and system.state() is None


def test_down_cleans_up_after_a_dead_supervisor(make_system, wait_until):
    """If the supervisor was SIGKILLed, up refuses and down kills the children it left behind."""
    system = make_system("alpha")
    assert system.cli("up", "--detach").returncode == 0
    state = system.state()
    os.kill(state["supervisor_pid"], signal.SIGKILL)
    wait_until(lambda: all_gone([state["supervisor_pid"]]), timeout=10)

    refused = system.cli("up", "--detach")
    down = system.cli("down")

    assert refused.returncode == 1 and "died and left 3 process(es) running" in refused.stderr
    assert down.returncode == 0 and down.stdout.endswith(
        "stopped its leftovers: 1 service, the mail sink and the broker\n")
    assert all_gone(recorded_pids(state)) and system.processes() == []
