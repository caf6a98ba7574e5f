"""``musiccorp logs``: choose the log files, print them merged, and follow them."""

from __future__ import annotations

import time
from pathlib import Path

from rich.console import Console

from musiccorp.cli.environment import Environment
from musiccorp.cli.errors import CliError, UnknownService
from musiccorp.cli.supervision.broker_process import BROKER_NAME
from musiccorp.cli.supervision.topology import load_topology
from musiccorp.cli.views.logformat import render_line
from musiccorp.cli.views.logs import LogCursor, LogLine, merged

__all__ = ["log_sources", "show_logs"]

SUPERVISOR = "supervisor"
CLI = "cli"  # the CLI's own failures (musiccorp.cli.crashlog), with their tracebacks
FOLLOW_POLL_SECONDS = 0.2


def log_sources(*, environment: Environment, service: str | None) -> dict[str, Path]:
    """The logs to read: every service's and third party's, or the one named (also ``nats``, ``supervisor`` or
    ``cli``, the CLI's own unexpected failures)."""
    home = environment.home
    try:
        topology = load_topology(root=environment.root)
        services = [*topology.names, *(provider.name for provider in topology.providers)]
    except CliError:
        services = []
    on_disk = sorted(path.stem for path in home.logs_dir.glob("*.log"))
    services += [name for name in on_disk if name not in services and name not in (BROKER_NAME, SUPERVISOR, CLI)]
    if service is None:
        return {name: home.log_file(name) for name in services}
    if service not in (*services, BROKER_NAME, SUPERVISOR, CLI):
        raise UnknownService(name=service, known=[*services, BROKER_NAME, SUPERVISOR, CLI])
    return {service: home.log_file(service)}


def show_logs(*, sources: dict[str, Path], correlation_id: str | None, follow: bool, as_json: bool,
              console: Console) -> None:
    """Print the matching lines of ``sources`` in time order; with ``follow``, keep printing new ones."""
    cursors = [LogCursor(source=name, path=path, correlation_id=correlation_id)
               for name, path in sources.items()]
    width = max((len(name) for name in sources), default=0)

    def emit(line: LogLine) -> None:
        if as_json:
            if line.record is not None:
                print(line.text, flush=follow)
        else:
            console.print(render_line(line, name_width=width), soft_wrap=True, highlight=False)

    for line in merged(cursor.read(complete_only=follow) for cursor in cursors):
        emit(line)
    while follow:
        time.sleep(FOLLOW_POLL_SECONDS)
        fresh = [line for cursor in cursors for line in cursor.read(complete_only=True)]
        for line in sorted(fresh, key=lambda line: line.at):
            emit(line)
