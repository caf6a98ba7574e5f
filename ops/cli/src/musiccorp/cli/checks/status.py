"""``musiccorp status``: what runs, judged by probing every child now (concurrently)."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from musiccorp.cli.supervision.probe import fetch_version, is_ready, new_session
from musiccorp.cli.supervision.state import ChildRecord, RunState
from musiccorp.cli.views.render import Row

__all__ = ["NOT_RUNNING_JSON", "Probed", "live_state_of", "probe_status", "status_document", "status_rows"]

NOT_RUNNING_JSON = {"services": [], "providers": [], "broker": None, "mail": None, "running": False}
_COMING_UP = {"pending", "starting", "restarting"}


def live_state_of(record: ChildRecord, *, ready_now: bool) -> str:
    """``ready`` if it answered just now; else ``starting``, ``stopped`` or ``unhealthy``."""
    if ready_now:
        return "ready"
    alive = record.process is not None and record.process.is_alive()
    if record.state in _COMING_UP and (alive or record.pid is None):
        return "starting"
    if not alive:
        return "stopped"
    return "unhealthy"


@dataclass(frozen=True, slots=True)
class Probed:
    """A child as seen just now: its live state and the version it reports."""

    state: str
    version: str | None


async def probe_status(state: RunState) -> dict[str, Probed]:
    """Probe every child (broker, mail sink, third parties, services) concurrently: readiness and version."""
    records = state.children
    async with new_session() as session:

        async def probe(record: ChildRecord) -> Probed:
            ready = await is_ready(session, record.ready_url)
            version = await fetch_version(session, record.info_url) if ready else None
            return Probed(live_state_of(record, ready_now=ready), version or record.version)

        probed = await asyncio.gather(*(probe(record) for record in records))
    return {record.name: result for record, result in zip(records, probed, strict=True)}


def status_document(state: RunState, live: dict[str, Probed]) -> dict:
    """The ``status --json`` document."""
    broker, mail = state.broker, state.mail

    def entry(record: ChildRecord) -> dict:
        return {"name": record.name, "url": record.url, "state": live[record.name].state,
                "version": live[record.name].version, "pid": _pid(record, live), "restarts": record.restarts}

    return {
        "services": [entry(record) for record in state.services],
        "providers": [{**entry(record), "owner": record.owner} for record in state.providers],
        "broker": {"name": broker.name, "url": broker.url, "monitor_url": broker.monitor_url,
                   "state": live[broker.name].state, "pid": _pid(broker, live)},
        "mail": None if mail is None else {"smtp_url": mail.smtp_url, "url": mail.url,
                                           "state": live[mail.name].state, "pid": _pid(mail, live)},
    }


def status_rows(state: RunState, live: dict[str, Probed]) -> list[Row]:
    """Table rows for ``status``: the broker, the mail sink, the third parties, then the services in start order."""
    now = time.time()

    def row(record: ChildRecord) -> Row:
        pid = _pid(record, live)
        uptime = now - record.started_at if pid and record.started_at else None
        return Row(record.shown_name, live[record.name].state, record.shown_url, pid, live[record.name].version,
                   record.restarts, uptime)

    return [row(record) for record in state.children]


def _pid(record: ChildRecord, live: dict[str, Probed]) -> int | None:
    return record.pid if live[record.name].state != "stopped" else None

