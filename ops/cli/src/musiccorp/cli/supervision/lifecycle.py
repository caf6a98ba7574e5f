"""Whether a run is alive, and bringing one down (also after its supervisor died) and saying what stopped."""

from __future__ import annotations

import contextlib
import os
import signal

from musiccorp.cli.environment import Home
from musiccorp.cli.errors import AlreadyRunning, LeftoversFound, NotRunning
from musiccorp.cli.supervision.process import STOP_GRACE_SECONDS, ProcessRef, stop_refs, wait_gone
from musiccorp.cli.supervision.state import RunState, read_state, remove_run_files

__all__ = ["bring_down", "ensure_not_running", "running_state", "what_stopped"]


def running_state(home: Home) -> RunState:
    """The state of the live run; :class:`NotRunning` when its supervisor is gone."""
    state = read_state(home.state_file)
    if state is None or not state.supervisor.is_alive():
        raise NotRunning()
    return state


def ensure_not_running(home: Home) -> None:
    """Refuse to start beside a live run or its leftovers; forget a stale run that left nothing."""
    state = read_state(home.state_file)
    if state is None:
        return
    if state.supervisor.is_alive():
        raise AlreadyRunning(pid=state.supervisor_pid)
    if leftovers := [ref for ref in state.child_processes() if ref.is_alive()]:
        raise LeftoversFound(pid=state.supervisor_pid, count=len(leftovers))
    _forget(state, home)


def bring_down(home: Home) -> str:
    """Stop the run (gracefully through its supervisor when it lives) and say what was stopped."""
    state = read_state(home.state_file)
    if state is None:
        raise NotRunning()
    children = [ref for ref in state.child_processes() if ref.is_alive()]
    services = sum(1 for record in state.services if record.process and record.process.is_alive())
    providers = sum(1 for record in state.providers if record.process and record.process.is_alive())
    broker = bool(state.broker.process and state.broker.process.is_alive())
    mail = bool(state.mail and state.mail.process and state.mail.process.is_alive())
    if state.supervisor.is_alive():
        _stop_supervisor(state.supervisor, children=children)
        stop_refs(children, grace=0)
        summary = "stopped"
    elif children:
        stop_refs(children, grace=STOP_GRACE_SECONDS)
        summary = f"the supervisor (pid {state.supervisor_pid}) had died; stopped its leftovers:"
    else:
        _forget(state, home)
        raise NotRunning()
    _forget(state, home)
    return f"{summary} {what_stopped(services, mail=mail, broker=broker, providers=providers)}"


def what_stopped(services: int, *, mail: bool, broker: bool, providers: int = 0) -> str:
    """``2 services, 1 third party, the mail sink and the broker``; only the parts that were stopped.

    >>> what_stopped(1, mail=False, broker=True)
    '1 service and the broker'
    """
    parts = [f"{services} {'service' if services == 1 else 'services'}"]
    parts += [f"{providers} {'third party' if providers == 1 else 'third parties'}"] * bool(providers)
    parts += ["the mail sink"] * mail + ["the broker"] * broker
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def _stop_supervisor(supervisor: ProcessRef, *, children: list[ProcessRef]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(supervisor.pid, signal.SIGTERM)
    budget = STOP_GRACE_SECONDS * (len(children) + 1) + 5
    if not wait_gone([supervisor], timeout=budget):
        stop_refs([supervisor], grace=0)


def _forget(state: RunState, home: Home) -> None:
    remove_run_files(home.state_file, home.control_socket)
    with contextlib.suppress(OSError):
        os.unlink(state.control_socket)
