"""Errors the operator can act on; each becomes one line ``musiccorp: <message>``.

::

    CliError                      exit 1 unless stated
    ├── NotRunning                nothing to talk to: no live supervisor
    ├── AlreadyRunning            a supervisor holds this home already
    ├── LeftoversFound            a dead supervisor left processes behind
    ├── PortInUse                 a port the system needs is taken
    ├── TopologyError             service.toml files that do not form a system
    ├── UnknownService            exit 2: a name that is not a service
    ├── StartupFailed             a child exited or never got ready
    ├── ControlError              the supervisor refused or did not answer
    └── NoSuchDeadLetter          no dead letter has that event id or sequence
"""

from __future__ import annotations

__all__ = [
    "AlreadyRunning",
    "CliError",
    "ControlError",
    "LeftoversFound",
    "NoSuchDeadLetter",
    "NotRunning",
    "PortInUse",
    "StartupFailed",
    "TopologyError",
    "UnknownService",
]


class CliError(Exception):
    """An expected failure: shown as one line, never as a traceback."""

    exit_code = 1


class NotRunning(CliError):
    """No supervisor is running for this home."""

    def __init__(self) -> None:
        super().__init__("MusicCorp is not running.")


class AlreadyRunning(CliError):
    """A live supervisor already owns this home."""

    def __init__(self, *, pid: int | None) -> None:
        who = f"supervisor pid {pid}" if pid else "another supervisor holds the lock"
        super().__init__(f"MusicCorp is already running ({who}); run `musiccorp down` first.")


class LeftoversFound(CliError):
    """A supervisor died and its children still run."""

    def __init__(self, *, pid: int, count: int) -> None:
        super().__init__(
            f"the supervisor (pid {pid}) died and left {count} process(es) running; "
            "run `musiccorp down` to clean up."
        )


class PortInUse(CliError):
    """A port the system needs is already bound by someone else."""

    def __init__(self, *, port: int, owner: str) -> None:
        super().__init__(
            f"port {port} ({owner}) is already in use; stop what holds it or set MUSICCORP_PORT_OFFSET."
        )


class TopologyError(CliError):
    """The services' manifests are missing, invalid, cyclic or refer to unknown names."""


class UnknownService(CliError):
    """The operator named a service the topology does not have."""

    exit_code = 2

    def __init__(self, *, name: str, known: list[str]) -> None:
        super().__init__(f"unknown service {name!r}; known services: {', '.join(known) or 'none'}")


class StartupFailed(CliError):
    """A child exited, or did not get ready in time, while starting."""

    def __init__(self, *, name: str, reason: str, log_tail: list[str] | None = None) -> None:
        super().__init__(f"{name} failed to start: {reason}")
        self.name = name
        self.reason = reason
        self.log_tail = log_tail or []


class ControlError(CliError):
    """The supervisor's control channel refused a request or did not answer."""


class NoSuchDeadLetter(CliError):
    """``events replay ID`` named no dead letter in ``DLQ``."""

    def __init__(self, ident: str) -> None:
        super().__init__(f"no dead letter has the event id or sequence number {ident!r}; "
                         "`musiccorp events dlq` lists them")
