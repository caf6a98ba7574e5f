"""The supervisor: starts the broker, the mail sink, the third parties and the services, keeps them running,
stops them all.

The broker, the mail sink and the third-party providers start together, before
any service; then start-up follows ``depends_on`` (a service starts once what it
needs is ready, so independent services start together); shutdown goes the
other way: services, third parties, the mail sink, and the broker last.
SIGTERM, SIGINT and SIGHUP all mean "stop gracefully", so no child outlives its
supervisor short of a SIGKILL (which ``musiccorp down`` then cleans up after).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import time
from collections.abc import Callable

import aiohttp

from musiccorp.cli.environment import Environment
from musiccorp.cli.errors import StartupFailed, UnknownService
from musiccorp.cli.supervision import control, run_events
from musiccorp.cli.supervision.backoff import MAX_DELAY, Backoff
from musiccorp.cli.supervision.broker_process import BrokerPorts
from musiccorp.cli.supervision.child import Child
from musiccorp.cli.supervision.launch import ChildSpec
from musiccorp.cli.supervision.mailsink_process import MailPorts
from musiccorp.cli.supervision.plan import RunPlan
from musiccorp.cli.supervision.probe import new_session
from musiccorp.cli.supervision.process import STOP_GRACE_SECONDS, ProcessRef, kill_group
from musiccorp.cli.supervision.state import ChildRecord, RunState, remove_run_files, write_state

__all__ = ["Supervisor"]


class Supervisor:
    """Runs one plan until asked to stop; see :meth:`run`."""

    def __init__(self, *, plan: RunPlan, environment: Environment, start_timeout: float,
                 notify: Callable[[run_events.RunEvent], None], restart_max_delay: float = MAX_DELAY) -> None:
        self._plan = plan
        self._home = environment.home
        self._start_timeout = start_timeout
        self._restart_max_delay = restart_max_delay
        self._notify = notify
        self._stop_requested = asyncio.Event()
        self._stop_reason = ""
        self._requests: set[asyncio.Task] = set()
        self._socket = control.socket_path(environment.home)
        broker = _record_of(plan.broker)
        broker.monitor_url = BrokerPorts.for_offset(environment.port_offset).monitor_url
        mail = _record_of(plan.mail)
        mail.smtp_url = MailPorts.for_offset(environment.port_offset).smtp_url
        self.state = RunState(
            supervisor_pid=os.getpid(), supervisor_create_time=ProcessRef.of(os.getpid()).create_time,
            phase="starting", started_at=time.time(), root=str(environment.root),
            control_socket=str(self._socket), port_offset=environment.port_offset, open_url=plan.open_url,
            start_timeout=start_timeout,
            broker=broker,
            services=[_record_of(spec) for spec in plan.services],
            mail=mail,
            providers=[_record_of(spec) for spec in plan.providers],
        )

    def request_stop(self, reason: str) -> None:
        """Begin a graceful stop (what SIGTERM and SIGINT do)."""
        if not self._stop_requested.is_set():
            self._stop_reason = reason
            self._stop_requested.set()

    async def run(self) -> int:
        """Start everything, supervise until asked to stop, stop everything; 1 if start-up failed."""
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            loop.add_signal_handler(signum, self.request_stop, f"received {signum.name}")
        async with new_session() as session:
            self._broker = self._child(self._plan.broker, self.state.broker, session)
            self._mail = self._child(self._plan.mail, self.state.mail, session)
            self._providers = {spec.name: self._child(spec, record, session)
                               for spec, record in zip(self._plan.providers, self.state.providers, strict=True)}
            self._services = {spec.name: self._child(spec, record, session)
                              for spec, record in zip(self._plan.services, self.state.services, strict=True)}
            server: asyncio.AbstractServer | None = None
            try:
                self._write()
                server = await control.serve(path=self._socket, handler=self._handle)
                return await self._supervise()
            finally:
                if server is not None:
                    server.close()
                await self._shutdown()
                remove_run_files(self._home.state_file, self._socket)

    def _child(self, spec: ChildSpec, record: ChildRecord, session: aiohttp.ClientSession) -> Child:
        return Child(spec=spec, record=record, session=session, start_timeout=self._start_timeout,
                     notify=self._notify, changed=self._write,
                     backoff=Backoff.up_to(self._restart_max_delay))

    async def _supervise(self) -> int:
        started = time.monotonic()
        startup = asyncio.create_task(self._start_all())
        stop = asyncio.create_task(self._stop_requested.wait())
        await asyncio.wait({startup, stop}, return_when=asyncio.FIRST_COMPLETED)
        if not startup.done():
            startup.cancel()
            with contextlib.suppress(asyncio.CancelledError, StartupFailed):
                await startup
            return 0
        stop.cancel()
        try:
            startup.result()
        except StartupFailed as failure:
            everyone = (self._broker, self._mail, *self._providers.values(), *self._services.values())
            log_path = str(next(child.spec.log_path for child in everyone if child.spec.name == failure.name))
            self._notify(run_events.Failed(failure.name, failure.reason, log_path, failure.log_tail))
            self._stop_reason = f"{failure.name} failed to start"
            return 1
        self.state.phase = "running"
        self._write()
        self._notify(run_events.AllReady(len(self._services), time.monotonic() - started, self._plan.open_url))
        await self._stop_requested.wait()
        return 0

    async def _start_all(self) -> None:
        try:
            async with asyncio.TaskGroup() as group:
                for child in (self._broker, self._mail, *self._providers.values()):
                    group.create_task(child.start())
        except* StartupFailed as failures:
            raise failures.exceptions[0] from None
        ready = {name: asyncio.Event() for name in self._services}

        async def start_when_needs_are_ready(child: Child) -> None:
            for dependency in child.spec.depends_on:
                await ready[dependency].wait()
            await child.start()
            ready[child.spec.name].set()

        try:
            async with asyncio.TaskGroup() as group:
                for child in self._services.values():
                    group.create_task(start_when_needs_are_ready(child))
        except* StartupFailed as failures:
            raise failures.exceptions[0] from None

    async def _shutdown(self) -> None:
        self.state.phase = "stopping"
        self._write()
        for task in self._requests:
            task.cancel()
        self._notify(run_events.ShuttingDown(self._stop_reason or "stopping"))
        stopped = [await _stop_no_matter_what(child) for child in reversed(self._services.values())]
        providers = [await _stop_no_matter_what(child) for child in reversed(self._providers.values())]
        mail_stopped = await _stop_no_matter_what(self._mail)
        broker_stopped = await _stop_no_matter_what(self._broker)
        self._notify(run_events.ShutDown(sum(stopped), broker_stopped, mail=mail_stopped, providers=sum(providers)))

    async def _handle(self, request: dict) -> dict:
        task = asyncio.current_task()
        self._requests.add(task)
        try:
            return await self._answer(request)
        finally:
            self._requests.discard(task)

    async def _answer(self, request: dict) -> dict:
        command, name = request.get("command"), request.get("service")
        if command == "ping":
            return {"ok": True, "message": f"supervisor pid {os.getpid()} is {self.state.phase}"}
        if command not in ("start", "stop"):
            return {"ok": False, "error": f"unknown command {command!r}"}
        operable = {**self._providers, **self._services}
        if name not in operable:
            return {"ok": False, "error": str(UnknownService(name=str(name), known=list(operable))),
                    "exit_code": UnknownService.exit_code}
        if self.state.phase != "running":
            return {"ok": False, "error": f"MusicCorp is {self.state.phase}; try again once it runs"}
        operate = self._stop if command == "stop" else self._start
        return await operate(operable[name])

    @staticmethod
    async def _stop(child: Child) -> dict:
        stopped = await child.stop(grace=STOP_GRACE_SECONDS)
        name = child.spec.name
        return {"ok": True, "message": f"{name}: stopped" if stopped else f"{name} was already stopped"}

    @staticmethod
    async def _start(child: Child) -> dict:
        name = child.spec.name
        try:
            started = await child.start()
        except StartupFailed as failure:
            return {"ok": False, "error": str(failure), "log_tail": failure.log_tail}
        if not started:
            return {"ok": True, "message": f"{name} is already running ({child.record.state})"}
        return {"ok": True, "message": f"{name}: ready at {child.spec.url} (pid {child.record.pid})"}

    def _write(self) -> None:
        write_state(self._home.state_file, self.state)


def _record_of(spec: ChildSpec) -> ChildRecord:
    return ChildRecord(spec.name, spec.url, spec.ready_url, spec.info_url, owner=spec.owner)


async def _stop_no_matter_what(child: Child) -> bool:
    """Stop ``child`` during shutdown; a failure must not leave the children after it running."""
    try:
        return await child.stop(grace=STOP_GRACE_SECONDS)
    except Exception as error:  # reported; the children after this one must still be stopped
        print(f"musiccorp: could not stop {child.spec.name} cleanly ({error}); killing its group",
              file=sys.stderr)
        if child.record.pid:
            kill_group(child.record.pid)
        return True
