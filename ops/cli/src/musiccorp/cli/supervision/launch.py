"""How each child process is launched: its command, environment, log and probes."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from musiccorp.cli.environment import Environment
from musiccorp.cli.supervision.ports import HOST
from musiccorp.cli.supervision.providers import THIRD_PARTY, ProviderSpec, env_name
from musiccorp.cli.supervision.secrets import provider_secrets, service_secrets
from musiccorp.cli.supervision.topology import ServiceSpec

__all__ = ["ChildSpec", "Wiring", "git_sha", "provider_child", "service_child", "service_env"]


@dataclass(frozen=True, slots=True)
class ChildSpec:
    """Everything needed to run, probe and describe one supervised process."""

    name: str
    argv: tuple[str, ...]
    env: dict[str, str] = field(repr=False)
    cwd: Path
    log_path: Path
    url: str
    ready_url: str
    info_url: str
    depends_on: tuple[str, ...] = ()
    is_broker: bool = False
    owner: str | None = None


@dataclass(frozen=True, slots=True)
class Wiring:
    """What every service of one run is told about the rest: broker, mail sink, git sha, third parties' URLs."""

    nats_url: str
    smtp_port: int
    sha: str
    provider_urls: dict[str, str] = field(default_factory=dict)


def git_sha(*, root: Path) -> str:
    """``git rev-parse HEAD`` in ``root``, or ``unknown`` when that fails."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=5, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return done.stdout.strip() or "unknown"


def service_env(*, spec: ServiceSpec, environment: Environment, port: int, wiring: Wiring) -> dict[str, str]:
    """The ``MUSICCORP_<NAME>_*`` settings a service receives on top of ``os.environ``.

    ``PUBLIC_URL`` is where others (a third party's callback, too) reach it. A service
    whose manifest says ``mail = true`` gets the mail sink's ``SMTP_HOST`` and ``SMTP_PORT``;
    one that ``uses`` a third party gets ``<PROVIDER>_URL`` for each, and every secret its manifest names
    (generated for the run: see :mod:`.secrets`).
    """
    prefix = spec.env_prefix
    env = {
        f"{prefix}HOST": HOST,
        f"{prefix}PORT": str(port),
        f"{prefix}PUBLIC_URL": f"http://{HOST}:{port}",
        f"{prefix}NATS_URL": wiring.nats_url,
        f"{prefix}ENVIRONMENT": "local",
        f"{prefix}GIT_SHA": wiring.sha,
        f"{prefix}INSTANCE_ID": f"{spec.name}-1",
    }
    if spec.database:
        database = environment.home.database_file(spec.name)
        env[f"{prefix}DATABASE_URL"] = f"sqlite+aiosqlite:///{database}"
    if spec.mail:
        env[f"{prefix}SMTP_HOST"] = HOST
        env[f"{prefix}SMTP_PORT"] = str(wiring.smtp_port)
    for provider in spec.uses:
        env[f"{prefix}{env_name(provider)}_URL"] = wiring.provider_urls[provider]
    env.update(service_secrets(service=spec.name, env_prefix=prefix, names=spec.secrets,
                               directory=environment.home.secrets_dir))
    return env


def service_child(*, spec: ServiceSpec, environment: Environment, wiring: Wiring) -> ChildSpec:
    """The launch of ``spec`` through ``python -m musiccorp.chassis.serve``."""
    port = spec.port + environment.port_offset
    url = f"http://{HOST}:{port}"
    argv = (sys.executable, "-m", "musiccorp.chassis.serve", spec.app, "--host", HOST, "--port", str(port))
    env = service_env(spec=spec, environment=environment, port=port, wiring=wiring)
    return ChildSpec(
        name=spec.name,
        argv=argv,
        env={**os.environ, **env},
        cwd=environment.root,
        log_path=environment.home.log_file(spec.name),
        url=url,
        ready_url=f"{url}/health/ready",
        info_url=f"{url}/info",
        depends_on=spec.depends_on,
    )


def provider_child(*, spec: ProviderSpec, environment: Environment) -> ChildSpec:
    """The launch of a third party through ``python -m <module> --host H --port P``, probed at its ``ready_path``.

    It has no ``/info``: its version is read from the ready answer, when it gives one.
    """
    port = spec.port + environment.port_offset
    url = f"http://{HOST}:{port}"
    return ChildSpec(
        name=spec.name,
        argv=(sys.executable, "-m", spec.module, "--host", HOST, "--port", str(port)),
        env={**os.environ, **provider_secrets(provider=spec.name, variables=spec.secrets,
                                              directory=environment.home.secrets_dir)},
        cwd=environment.home.path,
        log_path=environment.home.log_file(spec.name),
        url=url,
        ready_url=f"{url}{spec.ready_path}",
        info_url=f"{url}{spec.ready_path}",
        owner=THIRD_PARTY,
    )
