"""``musiccorp stop|start|kill NAME``: degrade and heal a running system on purpose.

``stop`` and ``start`` take a service or a third party; ``kill`` also the broker and the mail sink.
"""

from __future__ import annotations

import signal
from pathlib import Path

from musiccorp.cli.errors import CliError, ControlError, UnknownService
from musiccorp.cli.supervision import control
from musiccorp.cli.supervision.process import kill_group
from musiccorp.cli.supervision.state import ChildRecord, RunState

__all__ = ["ask_supervisor", "kill_child"]

STOP_TIMEOUT_SECONDS = 30.0


def ask_supervisor(*, state: RunState, command: str, service: str) -> str:
    """Have the supervisor ``start`` or ``stop`` ``service``; its answer, or :class:`ControlError`."""
    _record(state, service, allow_infrastructure=False)
    timeout = state.start_timeout + 15 if command == "start" else STOP_TIMEOUT_SECONDS
    answer = control.request(path=control_path(state), message={"command": command, "service": service},
                             timeout=timeout)
    if answer.get("ok"):
        return str(answer.get("message", "done"))
    tail = [f"    {line}" for line in answer.get("log_tail", [])]
    error = ControlError("\n".join([str(answer.get("error")), *tail]))
    error.exit_code = int(answer.get("exit_code", 1))
    raise error


def kill_child(*, state: RunState, name: str) -> str:
    """SIGKILL ``name`` (its whole process group) behind the supervisor's back."""
    record = _record(state, name, allow_infrastructure=True)
    process = record.process
    if process is None or not process.is_alive():
        raise CliError(f"{name} has no running process (it is {record.state})")
    kill_group(process.pid, signal.SIGKILL)
    return f"killed {name} (pid {process.pid}) with SIGKILL; the supervisor will restart it"


def control_path(state: RunState) -> Path:
    """Where the supervisor of ``state`` listens."""
    return Path(state.control_socket)


def _record(state: RunState, name: str, *, allow_infrastructure: bool) -> ChildRecord:
    """A service or third party by name; also the broker (``nats``) or the mail sink (``mail``) when allowed."""
    infrastructure = {record.name: record for record in state.infrastructure} if allow_infrastructure else {}
    if (record := infrastructure.get(name) or state.operable(name)) is None:
        known = [record.name for record in (*state.services, *state.providers)] + list(infrastructure)
        raise UnknownService(name=name, known=known)
    return record
