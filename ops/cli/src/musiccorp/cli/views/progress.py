"""Showing a run while it happens: plain lines for pipes and CI, a live table on a terminal."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

from rich.console import Console
from rich.live import Live

from musiccorp.cli.supervision import run_events
from musiccorp.cli.supervision.state import ChildRecord, RunState
from musiccorp.cli.views.render import Row, failure_lines, run_event_line, status_table

__all__ = ["LiveProgress", "PlainProgress", "rows_from_state"]

_SHOWN_ABOVE_TABLE = (run_events.Crashed, run_events.Stopped, run_events.ShuttingDown, run_events.ShutDown,
                      run_events.AllReady)


def rows_from_state(state: RunState, *, now: float | None = None) -> list[Row]:
    """Table rows for every child (broker, mail sink, third parties, services), as the supervisor last recorded them."""
    now = time.time() if now is None else now

    def row(record: ChildRecord) -> Row:
        uptime = now - record.started_at if record.pid and record.started_at else None
        return Row(record.shown_name, record.state, record.shown_url, record.pid, record.version, record.restarts,
                   uptime)

    return [row(record) for record in state.children]


class PlainProgress:
    """One line per event on stdout; a start-up failure and its log lines on stderr."""

    def __init__(self, *, out: TextIO | None = None, err: TextIO | None = None) -> None:
        self._out = out or sys.stdout
        self._err = err or sys.stderr

    def __call__(self, event: run_events.RunEvent) -> None:
        if isinstance(event, run_events.Failed):
            self._out.flush()
            print("\n".join(failure_lines(event)), file=self._err, flush=True)
        else:
            print(run_event_line(event), file=self._out, flush=True)


class LiveProgress:
    """A table of the run refreshed in place, notable events printed above it."""

    def __init__(self, *, console: Console, state: Callable[[], RunState]) -> None:
        self._console = console
        self._state = state
        self._live = Live(get_renderable=self._table, console=console, refresh_per_second=2)

    def __enter__(self) -> LiveProgress:
        self._live.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._live.stop()

    def __call__(self, event: run_events.RunEvent) -> None:
        if isinstance(event, run_events.Failed):
            report = "\n".join(failure_lines(event))
            self._live.console.print(report, style="red", markup=False, highlight=False)
        elif isinstance(event, _SHOWN_ABOVE_TABLE):
            self._live.console.print(run_event_line(event), markup=False, highlight=False)

    def _table(self):
        state = self._state()
        title = f"MusicCorp ({state.phase}) — Ctrl-C stops everything"
        return status_table(rows_from_state(state), title=title)
