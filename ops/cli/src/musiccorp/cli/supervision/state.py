"""The state file (``HOME/run/state.json``): what the supervisor runs, for the other commands.

The supervisor rewrites it atomically on every change; ``status``, ``down``,
``kill`` and ``up --detach`` only read it. A state file whose supervisor is no
longer alive is stale.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from musiccorp.cli.errors import CliError
from musiccorp.cli.supervision.process import ProcessRef

__all__ = ["ChildRecord", "RunState", "read_state", "remove_run_files", "write_state"]


@dataclass(slots=True)
class ChildRecord:
    """One supervised child as last seen by the supervisor.

    ``state`` is one of ``pending``, ``starting``, ``ready``, ``restarting``,
    ``stopping``, ``stopped`` or ``failed``; times are wall-clock seconds.
    """

    name: str
    url: str
    ready_url: str
    info_url: str
    state: str = "pending"
    pid: int | None = None
    create_time: float | None = None
    version: str | None = None
    restarts: int = 0
    started_at: float | None = None
    ready_at: float | None = None
    last_exit: str | None = None
    monitor_url: str | None = None
    smtp_url: str | None = None
    owner: str | None = None

    @property
    def process(self) -> ProcessRef | None:
        return ProcessRef(self.pid, self.create_time) if self.pid else None

    @property
    def shown_url(self) -> str:
        """What the tables show: the url, and the SMTP url of the mail sink."""
        return f"{self.url}, {self.smtp_url}" if self.smtp_url else self.url

    @property
    def shown_name(self) -> str:
        """What the tables show: the name, and who owns it when that is not us (``paybuddy (third party)``)."""
        return f"{self.name} ({self.owner})" if self.owner else self.name


@dataclass(slots=True)
class RunState:
    """The whole run: the supervisor, its broker, its mail sink, the third parties and the services (in start order).

    ``mail`` is ``None`` only in a state file written before the sink existed.
    """

    supervisor_pid: int
    supervisor_create_time: float | None
    phase: str
    started_at: float
    root: str
    control_socket: str
    port_offset: int
    open_url: str | None
    start_timeout: float
    broker: ChildRecord
    services: list[ChildRecord] = field(default_factory=list)
    mail: ChildRecord | None = None
    providers: list[ChildRecord] = field(default_factory=list)

    @property
    def supervisor(self) -> ProcessRef:
        return ProcessRef(self.supervisor_pid, self.supervisor_create_time)

    def child_processes(self) -> list[ProcessRef]:
        """Every recorded child process in stop order: services, third parties, the mail sink, the broker last."""
        children = [*reversed(self.services), *reversed(self.providers), *reversed(self.infrastructure)]
        return [child.process for child in children if child.process is not None]

    @property
    def children(self) -> list[ChildRecord]:
        """Every child in start order: the broker, the mail sink, the third parties, the services."""
        return [*self.infrastructure, *self.providers, *self.services]

    @property
    def infrastructure(self) -> list[ChildRecord]:
        """The children services rely on, in start order: the broker, then the mail sink."""
        return [self.broker, *([self.mail] if self.mail is not None else [])]

    def service(self, name: str) -> ChildRecord | None:
        return next((record for record in self.services if record.name == name), None)

    def operable(self, name: str) -> ChildRecord | None:
        """The service or third party called ``name``: what ``stop`` and ``start`` act on."""
        return next((record for record in (*self.providers, *self.services) if record.name == name), None)


def write_state(path: Path, state: RunState) -> None:
    """Replace the state file in one step, so readers never see half of it."""
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_text(json.dumps(asdict(state), indent=2))
    os.replace(partial, path)


def read_state(path: Path) -> RunState | None:
    """The recorded run, or ``None`` when there is no state file."""
    try:
        document = json.loads(path.read_text())
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise CliError(f"cannot read {path}: {error}; remove it if no supervisor runs") from None
    try:
        document["broker"] = ChildRecord(**document["broker"])
        document["services"] = [ChildRecord(**record) for record in document["services"]]
        if document.get("mail") is not None:
            document["mail"] = ChildRecord(**document["mail"])
        document["providers"] = [ChildRecord(**record) for record in document.get("providers", [])]
        return RunState(**document)
    except (KeyError, TypeError) as error:
        raise CliError(f"{path} is not a MusicCorp state file ({error}); remove it") from None


def remove_run_files(*paths: Path) -> None:
    """Delete the state, socket and lock files of a finished run."""
    for path in paths:
        path.unlink(missing_ok=True)
