"""``musiccorp up``: run the supervisor here (foreground) or as a daemon (``--detach``).

It joins two concerns (the supervisor from ``supervision``, its progress from ``views``), so it sits beside
``main`` rather than in either: ``supervision`` never imports ``views``.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

from rich.console import Console

from musiccorp.cli.environment import Environment
from musiccorp.cli.supervision.lifecycle import ensure_not_running
from musiccorp.cli.supervision.lock import supervisor_lock
from musiccorp.cli.supervision.plan import RunPlan, plan_run
from musiccorp.cli.supervision.ports import ensure_free
from musiccorp.cli.supervision.supervisor import Supervisor
from musiccorp.cli.supervision.topology import load_topology
from musiccorp.cli.views.detach import watch_daemon
from musiccorp.cli.views.progress import LiveProgress, PlainProgress

__all__ = ["run_detached", "run_foreground"]


def _prepare(environment: Environment) -> RunPlan:
    topology = load_topology(root=environment.root)
    ensure_not_running(environment.home)
    plan = plan_run(environment=environment, topology=topology)
    ensure_free(list(plan.claims))
    return plan


def run_foreground(*, environment: Environment, start_timeout: float, restart_max_delay: float) -> int:
    """Supervise in this process until SIGINT/SIGTERM; 1 when start-up fails."""
    plan = _prepare(environment)
    with supervisor_lock(environment.home.lock_file):
        ensure_free(list(plan.claims))
        environment.home.create_dirs()
        if not sys.stdout.isatty():
            supervisor = Supervisor(plan=plan, environment=environment, start_timeout=start_timeout,
                                    notify=PlainProgress(), restart_max_delay=restart_max_delay)
            return asyncio.run(supervisor.run())
        progress: LiveProgress | None = None
        supervisor = Supervisor(plan=plan, environment=environment, start_timeout=start_timeout,
                                notify=lambda event: progress(event), restart_max_delay=restart_max_delay)
        progress = LiveProgress(console=Console(highlight=False), state=lambda: supervisor.state)
        with progress:
            return asyncio.run(supervisor.run())


def run_detached(*, environment: Environment, start_timeout: float, restart_max_delay: float) -> int:
    """Start the supervisor as a daemon and report its start-up; 0 once everything is ready."""
    plan = _prepare(environment)
    home = environment.home
    home.create_dirs()
    log_start = home.supervisor_log.stat().st_size if home.supervisor_log.exists() else 0
    argv = [sys.executable, "-m", "musiccorp.cli", "up", "--start-timeout", str(start_timeout),
            "--restart-max-delay", str(restart_max_delay)]
    env = {**os.environ, "MUSICCORP_ROOT": str(environment.root), "MUSICCORP_HOME": str(home.path)}
    with open(home.supervisor_log, "ab") as log:
        daemon = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=env,
                                  start_new_session=True)
    return watch_daemon(daemon=daemon, home=home, log_start=log_start,
                        deadline_seconds=start_timeout * (len(plan.services) + 2) + 30)
