"""Whether a run is alive, and bringing one down (also after its supervisor died)."""

from __future__ import annotations

import contextlib
import os
import signal

from musiccorp.cli.environment import Home
from musiccorp.cli.errors import AlreadyRunning, LeftoversFound, NotRunning
from musiccorp.cli.process import STOP_GRACE_SECONDS, ProcessRef, stop_refs, wait_gone
from musiccorp.cli.render import what_stopped
from musiccorp.cli.state import RunState, read_state, remove_run_files

__all__ = ["bring_down", "ensure_not_running", "running_state"]


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
