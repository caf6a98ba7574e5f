"""OS processes: launch a child in its own session, tell if a pid still lives, end a group.

A pid alone can be reused after a crash, so processes are recorded as a
:class:`ProcessRef` (pid plus start time) and only a matching process is
signalled. A zombie counts as gone: it holds no port and runs no code.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass

import psutil

from musiccorp.cli.supervision.launch import ChildSpec

__all__ = [
    "STOP_GRACE_SECONDS",
    "ProcessRef",
    "describe_exit",
    "kill_group",
    "spawn",
    "stop_child",
    "stop_refs",
    "wait_exit",
    "wait_gone",
]

STOP_GRACE_SECONDS = 10.0
_POLL_SECONDS = 0.05


@dataclass(frozen=True, slots=True)
class ProcessRef:
    """A process as recorded in the state file."""

    pid: int
    create_time: float | None = None

    @classmethod
    def of(cls, pid: int) -> ProcessRef:
        """The live process ``pid``, with its start time."""
        try:
            return cls(pid, psutil.Process(pid).create_time())
        except psutil.Error:
            return cls(pid)

    def is_alive(self) -> bool:
        """Whether this very process still runs (not reused, not a zombie)."""
        try:
            process = psutil.Process(self.pid)
            if self.create_time is not None and abs(process.create_time() - self.create_time) > 0.05:
                return False
            return process.status() != psutil.STATUS_ZOMBIE
        except psutil.Error:
            return False


def spawn(spec: ChildSpec) -> subprocess.Popen:
    """Start ``spec`` in a new session, stdout and stderr appended to its log."""
    spec.log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(spec.log_path, "ab") as log:
        return subprocess.Popen(
            spec.argv, cwd=spec.cwd, env=spec.env, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
            start_new_session=True,
        )


def kill_group(pid: int, sig: signal.Signals = signal.SIGKILL) -> None:
    """Signal the process group led by ``pid`` (a child started in its own session)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)


def describe_exit(code: int) -> str:
    """``exited with code 1`` or ``killed by SIGKILL``."""
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exited with code {code}"


async def wait_exit(process: subprocess.Popen) -> int:
    """The exit code of ``process``, once it ends (woken by a pidfd where the OS has them)."""
    loop = asyncio.get_running_loop()
    exited = asyncio.Event()
    with _exit_watch(loop, process, exited.set):
        while (code := process.poll()) is None:
            await exited.wait()
            exited.clear()
    return code


@contextlib.contextmanager
def _exit_watch(loop: asyncio.AbstractEventLoop, process: subprocess.Popen, wake: Callable[[], None]):
    """Call ``wake`` when ``process`` exits: through a pidfd on Linux, else by polling."""
    try:
        pidfd = os.pidfd_open(process.pid)
    except (AttributeError, OSError):
        pidfd = None
    if pidfd is not None:
        loop.add_reader(pidfd, wake)
        try:
            yield
        finally:
            loop.remove_reader(pidfd)
            os.close(pidfd)
        return
    timer: asyncio.TimerHandle | None = None

    def check() -> None:
        nonlocal timer
        if process.poll() is not None:
            wake()
        timer = loop.call_later(_POLL_SECONDS, check)

    check()
    try:
        yield
    finally:
        timer.cancel()


async def stop_child(process: subprocess.Popen, *, grace: float) -> int:
    """SIGTERM, up to ``grace`` seconds to finish, then SIGKILL the whole group."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGTERM)
    try:
        code = await asyncio.wait_for(wait_exit(process), grace)
    except TimeoutError:
        code = None
    kill_group(process.pid)
    return code if code is not None else await wait_exit(process)


def stop_refs(refs: list[ProcessRef], *, grace: float) -> None:
    """End processes this process did not start: SIGTERM, wait ``grace``, SIGKILL their groups."""
    alive = [ref for ref in refs if ref.is_alive()]
    for ref in alive:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(ref.pid, signal.SIGTERM)
    wait_gone(alive, timeout=grace)
    for ref in refs:
        if ref.is_alive():
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(ref.pid, signal.SIGKILL)
        kill_group(ref.pid)
    wait_gone(refs, timeout=2.0)


def wait_gone(refs: list[ProcessRef], *, timeout: float) -> bool:
    """Wait until none of ``refs`` is alive; whether that happened within ``timeout``."""
    deadline = time.monotonic() + timeout
    while any(ref.is_alive() for ref in refs):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
    return True
