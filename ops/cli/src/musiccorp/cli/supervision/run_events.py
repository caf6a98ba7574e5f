"""Run events: what happens to a run, as the supervisor reports it to whoever shows progress.

Not the broker's events (``musiccorp.cli.broker``): these are never published; the supervisor hands them to
its ``notify`` callback (``views.progress``), and ``views.detach`` rebuilds them from the state file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "AllReady",
    "Crashed",
    "Failed",
    "Ready",
    "RunEvent",
    "ShutDown",
    "ShuttingDown",
    "Starting",
    "Stopped",
]


@dataclass(frozen=True, slots=True)
class Starting:
    name: str
    restart: int = 0


@dataclass(frozen=True, slots=True)
class Ready:
    name: str
    url: str
    pid: int
    seconds: float
    is_broker: bool = False


@dataclass(frozen=True, slots=True)
class AllReady:
    count: int
    seconds: float
    open_url: str | None


@dataclass(frozen=True, slots=True)
class Crashed:
    name: str
    reason: str
    restart_in: float
    restart: int


@dataclass(frozen=True, slots=True)
class Failed:
    """A child could not be started; ``log_tail`` holds its last log lines."""

    name: str
    reason: str
    log_path: str
    log_tail: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Stopped:
    name: str


@dataclass(frozen=True, slots=True)
class ShuttingDown:
    reason: str


@dataclass(frozen=True, slots=True)
class ShutDown:
    services: int
    broker: bool
    mail: bool = False
    providers: int = 0


RunEvent = Starting | Ready | AllReady | Crashed | Failed | Stopped | ShuttingDown | ShutDown
