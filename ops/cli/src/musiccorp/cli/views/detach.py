"""Following a daemon's start-up from outside, through its state file and its log."""

from __future__ import annotations

import subprocess
import sys
import time

from musiccorp.cli.environment import Home
from musiccorp.cli.errors import CliError
from musiccorp.cli.supervision import run_events
from musiccorp.cli.supervision.logfiles import tail
from musiccorp.cli.supervision.state import ChildRecord, RunState, read_state
from musiccorp.cli.views.render import run_event_line

__all__ = ["watch_daemon"]

POLL_SECONDS = 0.1


def watch_daemon(*, daemon: subprocess.Popen, home: Home, log_start: int, deadline_seconds: float) -> int:
    """Print the daemon's progress until all is ready (0) or it dies (1, with its reason)."""
    started = time.monotonic()
    announced: set[tuple[str, int, str]] = set()
    try:
        while time.monotonic() - started < deadline_seconds:
            state = read_state(home.state_file)
            if state is not None and state.supervisor_pid == daemon.pid:
                _announce(state, announced)
                if state.phase == "running":
                    _say(run_events.AllReady(len(state.services), time.monotonic() - started, state.open_url))
                    return 0
            if (code := daemon.poll()) is not None:
                _explain_death(code=code, home=home, log_start=log_start)
                return 1
            time.sleep(POLL_SECONDS)
    except KeyboardInterrupt:
        print(f"still starting in the background (supervisor pid {daemon.pid}); "
              "`musiccorp status` shows progress, `musiccorp down` stops it", file=sys.stderr)
        return 130
    raise CliError(f"not ready after {deadline_seconds:g}s; the supervisor (pid {daemon.pid}) "
                   f"is still running — see {home.supervisor_log} or run `musiccorp down`")


def _announce(state: RunState, announced: set[tuple[str, int, str]]) -> None:
    for record in state.children:
        if record.pid is None:
            continue
        if _first(announced, record, "starting"):
            _say(run_events.Starting(record.name, restart=record.restarts))
        if record.state == "ready" and _first(announced, record, "ready"):
            seconds = (record.ready_at or 0) - (record.started_at or 0)
            _say(run_events.Ready(record.name, record.url, record.pid, seconds, is_broker=record is state.broker))


def _first(announced: set[tuple[str, int, str]], record: ChildRecord, what: str) -> bool:
    key = (record.name, record.pid or 0, what)
    if key in announced:
        return False
    announced.add(key)
    return True


def _say(event: run_events.RunEvent) -> None:
    print(run_event_line(event), flush=True)


def _explain_death(*, code: int, home: Home, log_start: int) -> None:
    """The daemon's own failure report if it wrote one, else the end of its log."""
    lines = tail(home.supervisor_log, lines=200, since=log_start)
    reports = [index for index, line in enumerate(lines) if line.startswith("musiccorp: ")]
    if reports:
        first = reports[-1]
        end = next((i for i in range(first + 1, len(lines)) if not lines[i].startswith("    ")), len(lines))
        print("\n".join(lines[first:end]), file=sys.stderr)
        return
    print(f"musiccorp: the supervisor exited with code {code}; last lines of {home.supervisor_log}:",
          file=sys.stderr)
    print("\n".join(f"    {line}" for line in lines[-15:]), file=sys.stderr)
