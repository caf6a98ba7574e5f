"""Where things are: the repository root, the state home and the port offset.

All three come from the environment so that a second copy (tests, a demo) can
run beside a developer's own without either noticing the other.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from musiccorp.cli.errors import CliError

__all__ = ["Environment", "Home", "find_root"]

_PACKAGE_ROOT = Path(__file__).resolve().parent.parents[4]


def _holds_services(directory: Path) -> bool:
    return any(directory.glob("services/*/service.toml"))


def find_root(*, cwd: Path, environ: Mapping[str, str]) -> Path:
    """``MUSICCORP_ROOT``, else the nearest ancestor of ``cwd`` with services, else this checkout."""
    if explicit := environ.get("MUSICCORP_ROOT"):
        return Path(explicit).expanduser().resolve()
    for directory in (cwd, *cwd.parents):
        if _holds_services(directory):
            return directory
    return _PACKAGE_ROOT


@dataclass(frozen=True, slots=True)
class Home:
    """The files one running copy of MusicCorp owns under ``MUSICCORP_HOME``."""

    path: Path

    @property
    def run_dir(self) -> Path:
        return self.path / "run"

    @property
    def state_file(self) -> Path:
        return self.run_dir / "state.json"

    @property
    def lock_file(self) -> Path:
        return self.run_dir / "supervisor.lock"

    @property
    def control_socket(self) -> Path:
        return self.run_dir / "control.sock"

    @property
    def logs_dir(self) -> Path:
        return self.path / "logs"

    @property
    def supervisor_log(self) -> Path:
        return self.logs_dir / "supervisor.log"

    @property
    def nats_dir(self) -> Path:
        return self.path / "nats"

    @property
    def secrets_dir(self) -> Path:
        """The secrets generated for local runs (owner-only), kept across runs."""
        return self.path / "secrets"

    @property
    def mail_dir(self) -> Path:
        """Where the mail sink keeps the mails it received."""
        return self.path / "mail"

    def log_file(self, name: str) -> Path:
        """The log of the child called ``name`` (a service, or ``nats``)."""
        return self.logs_dir / f"{name}.log"

    def database_file(self, name: str) -> Path:
        """The SQLite file of service ``name``."""
        return self.path / "data" / f"{name}.db"

    def create_dirs(self) -> None:
        """Make every directory a run writes into."""
        for directory in (self.run_dir, self.logs_dir, self.nats_dir, self.mail_dir, self.path / "data"):
            directory.mkdir(parents=True, exist_ok=True)


@dataclass(frozen=True, slots=True)
class Environment:
    """The resolved ``MUSICCORP_ROOT``, ``MUSICCORP_HOME`` and ``MUSICCORP_PORT_OFFSET``."""

    root: Path
    home: Home
    port_offset: int

    @classmethod
    def from_environ(cls, *, environ: Mapping[str, str] | None = None,
                     cwd: Path | None = None) -> Environment:
        """Read the environment (``os.environ`` and the current directory by default)."""
        environ = os.environ if environ is None else environ
        cwd = (cwd or Path.cwd()).resolve()
        home = Path(environ.get("MUSICCORP_HOME") or cwd / ".musiccorp").expanduser()
        return cls(
            root=find_root(cwd=cwd, environ=environ),
            home=Home(home if home.is_absolute() else cwd / home),
            port_offset=_port_offset(environ.get("MUSICCORP_PORT_OFFSET", "0")),
        )


def _port_offset(raw: str) -> int:
    try:
        offset = int(raw or "0")
    except ValueError:
        raise CliError(f"MUSICCORP_PORT_OFFSET must be a whole number, got {raw!r}") from None
    if not 0 <= offset < 60000:
        raise CliError(f"MUSICCORP_PORT_OFFSET must be between 0 and 59999, got {offset}")
    return offset
