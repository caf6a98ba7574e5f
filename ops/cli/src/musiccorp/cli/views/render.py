"""How runs look: one plain line per run event, and the table of services."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console
from rich.table import Table
from rich.text import Text

from musiccorp.cli.supervision import run_events
from musiccorp.cli.supervision.lifecycle import what_stopped

__all__ = ["Row", "failure_lines", "format_duration", "make_console", "run_event_line", "status_table"]

STATE_STYLES = {
    "ready": "green",
    "starting": "yellow",
    "restarting": "yellow",
    "stopping": "yellow",
    "pending": "dim",
    "stopped": "dim",
    "unhealthy": "bold red",
    "failed": "bold red",
}


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the services table."""

    name: str
    state: str
    url: str
    pid: int | None
    version: str | None
    restarts: int | None
    uptime: float | None


def format_duration(seconds: float) -> str:
    """``0.9s``, ``42s``, ``3m05s``, ``2h07m``."""
    if seconds < 10:
        return f"{seconds:.1f}s"
    whole = int(seconds)
    if whole < 60:
        return f"{whole}s"
    if whole < 3600:
        return f"{whole // 60}m{whole % 60:02d}s"
    return f"{whole // 3600}h{whole % 3600 // 60:02d}m"


def run_event_line(event: run_events.RunEvent) -> str:
    """The plain progress line for ``event`` (what CI logs and ``up --detach`` show)."""
    match event:
        case run_events.AllReady(count=count, seconds=seconds, open_url=open_url):
            where = f" — open {open_url}" if open_url else ""
            line = f"all {count} services ready in {seconds:.1f}s{where}"
        case run_events.ShuttingDown(reason=reason):
            line = f"{reason}; stopping"
        case run_events.ShutDown(services=count, broker=broker, mail=mail, providers=providers):
            line = "stopped " + what_stopped(count, mail=mail, broker=broker, providers=providers)
        case _:
            line = _child_line(event)
    return line


def _child_line(event: run_events.RunEvent) -> str:
    """The line for what happened to one child: starting, ready, crashed, failed or stopped."""
    match event:
        case run_events.Starting(name=name, restart=0):
            line = f"{name}: starting"
        case run_events.Starting(name=name, restart=restart):
            line = f"{name}: starting again (restart #{restart})"
        case run_events.Ready(name=name, url=url, seconds=seconds, is_broker=True):
            line = f"{name}: ready at {url} ({seconds:.1f}s)"
        case run_events.Ready(name=name, url=url, pid=pid, seconds=seconds):
            line = f"{name}: ready at {url} (pid {pid}, {seconds:.1f}s)"
        case run_events.Crashed(name=name, reason=reason, restart_in=delay):
            line = f"{name}: crashed ({reason}); restarting in {delay:g}s"
        case run_events.Failed(name=name, reason=reason):
            line = f"{name}: failed to start: {reason}"
        case run_events.Stopped(name=name):
            line = f"{name}: stopped"
        case _:
            raise TypeError(f"no line for {event!r}")
    return line


def failure_lines(event: run_events.Failed) -> list[str]:
    """A start-up failure: one line naming the child, then its last log lines, indented."""
    head = f"musiccorp: {event.name} failed to start: {event.reason}"
    if not event.log_tail:
        return [f"{head} (its log {event.log_path} is empty)"]
    return [f"{head}; last {len(event.log_tail)} lines of {event.log_path}:",
            *(f"    {line}" for line in event.log_tail)]


def status_table(rows: list[Row], *, title: str | None = None) -> Table:
    """The services table: service, state, url, pid, version, restarts, uptime."""
    table = Table(title=title, title_justify="left", header_style="bold")
    for column in ("service", "state", "url", "pid", "version", "restarts", "uptime"):
        table.add_column(column, justify="right" if column in ("pid", "restarts", "uptime") else "left")
    for row in rows:
        table.add_row(
            row.name,
            Text(row.state, style=STATE_STYLES.get(row.state, "")),
            row.url,
            str(row.pid) if row.pid else "—",
            row.version or "—",
            "—" if row.restarts is None else str(row.restarts),
            format_duration(row.uptime) if row.uptime is not None else "—",
        )
    return table


def make_console() -> Console:
    """A console for tables and logs: colour on a terminal, wide plain text in a pipe."""
    probe = Console()
    return Console(highlight=False, width=None if probe.is_terminal else 200)
