"""One supervised child: launched on demand, probed until ready, restarted when it crashes."""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import time
from collections.abc import Callable

import aiohttp

from musiccorp.cli.errors import StartupFailed
from musiccorp.cli.supervision import run_events
from musiccorp.cli.supervision.backoff import Backoff
from musiccorp.cli.supervision.launch import ChildSpec
from musiccorp.cli.supervision.logfiles import end_offset, tail
from musiccorp.cli.supervision.probe import fetch_version, is_ready
from musiccorp.cli.supervision.process import ProcessRef, describe_exit, spawn, stop_child, wait_exit
from musiccorp.cli.supervision.state import ChildRecord

__all__ = ["Child"]

READY_POLL_SECONDS = 0.1
LOG_TAIL_LINES = 15


class Child:
    """A process the supervisor keeps running until told to stop it."""

    def __init__(self, *, spec: ChildSpec, record: ChildRecord, session: aiohttp.ClientSession,
                 start_timeout: float, notify: Callable[[run_events.RunEvent], None],
                 changed: Callable[[], None], backoff: Backoff | None = None) -> None:
        self.spec = spec
        self.record = record
        self._session = session
        self._start_timeout = start_timeout
        self._notify = notify
        self._changed = changed
        self._backoff = backoff or Backoff()
        self._process: subprocess.Popen | None = None
        self._keeper: asyncio.Task | None = None
        self._lock = asyncio.Lock()

    @property
    def is_kept_running(self) -> bool:
        return self._keeper is not None and not self._keeper.done()

    async def start(self) -> bool:
        """Launch and wait until ready, then restart on crashes; ``False`` if it already ran.

        Raises :class:`StartupFailed` (after ending the process) when it exits or
        does not get ready within the start timeout.
        """
        async with self._lock:
            if self.is_kept_running:
                return False
            await self._launch()
            self._keeper = asyncio.create_task(self._keep_running(), name=f"keep {self.spec.name} running")
            return True

    async def stop(self, *, grace: float) -> bool:
        """Stop it and keep it stopped; ``False`` if no process was running."""
        async with self._lock:
            if self._keeper is not None:
                self._keeper.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._keeper
                self._keeper = None
            process, self._process = self._process, None
            if process is None:
                if self.record.state not in ("pending", "failed"):
                    self._update(state="stopped", pid=None, create_time=None)
                return False
            self._update(state="stopping")
            code = await stop_child(process, grace=grace)
            self._update(state="stopped", pid=None, create_time=None, last_exit=describe_exit(code))
            self._notify(run_events.Stopped(self.spec.name))
            return True

    async def _launch(self) -> None:
        log_offset = end_offset(self.spec.log_path)
        started = time.time()
        self._spawn()
        if reason := await self._wait_ready():
            await stop_child(self._process, grace=1.0)
            self._process = None
            self._update(state="failed", pid=None, create_time=None, last_exit=reason)
            raise StartupFailed(name=self.spec.name, reason=reason,
                                log_tail=tail(self.spec.log_path, lines=LOG_TAIL_LINES, since=log_offset))
        version = await fetch_version(self._session, self.spec.info_url)
        self._update(state="ready", ready_at=time.time(), version=version)
        self._notify(run_events.Ready(self.spec.name, self.spec.url, self._process.pid,
                                  time.time() - started, is_broker=self.spec.is_broker))

    def _spawn(self) -> None:
        try:
            self._process = spawn(self.spec)
        except OSError as error:
            self._update(state="failed", pid=None, create_time=None, last_exit=str(error))
            raise StartupFailed(name=self.spec.name, reason=f"cannot launch it: {error}") from None
        pid = self._process.pid
        self._update(state="starting", pid=pid, create_time=ProcessRef.of(pid).create_time,
                     started_at=time.time(), ready_at=None, version=None)
        self._notify(run_events.Starting(self.spec.name, restart=self.record.restarts))

    async def _wait_ready(self) -> str | None:
        """``None`` once ready, else why it never got there."""
        deadline = time.monotonic() + self._start_timeout
        while True:
            if (code := self._process.poll()) is not None:
                return describe_exit(code)
            if await is_ready(self._session, self.spec.ready_url):
                return None
            if time.monotonic() >= deadline:
                return f"not ready after {self._start_timeout:g}s"
            await asyncio.sleep(READY_POLL_SECONDS)

    async def _keep_running(self) -> None:
        while True:
            reason = describe_exit(await wait_exit(self._process))
            self._backoff.note_uptime(time.time() - (self.record.ready_at or time.time()))
            while True:
                delay = self._backoff.next_delay()
                self._update(state="restarting", pid=None, create_time=None, last_exit=reason,
                             restarts=self.record.restarts + 1)
                self._notify(run_events.Crashed(self.spec.name, reason, delay, self.record.restarts))
                await asyncio.sleep(delay)
                try:
                    await self._launch()
                    break
                except StartupFailed as failure:
                    reason = failure.reason

    def _update(self, **changes: object) -> None:
        for key, value in changes.items():
            setattr(self.record, key, value)
        self._changed()
