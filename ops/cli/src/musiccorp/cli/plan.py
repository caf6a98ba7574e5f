"""A run plan: the broker, the mail sink and every service, with their ports and launch commands."""

from __future__ import annotations

from dataclasses import dataclass

from musiccorp.cli.environment import Environment
from musiccorp.cli.launch import ChildSpec, git_sha, service_child
from musiccorp.cli.mail import MailPorts, mail_child
from musiccorp.cli.nats import BrokerPorts, broker_child
from musiccorp.cli.ports import PortClaim
from musiccorp.cli.topology import Topology

__all__ = ["RunPlan", "plan_run", "port_claims"]


@dataclass(frozen=True, slots=True)
class RunPlan:
    """What ``musiccorp up`` launches: the broker and the mail sink first, then the services in start order."""

    broker: ChildSpec
    mail: ChildSpec
    services: tuple[ChildSpec, ...]
    claims: tuple[PortClaim, ...]
    open_url: str | None


def port_claims(*, environment: Environment, topology: Topology) -> list[PortClaim]:
    """Every port a run binds, with who binds it."""
    broker = BrokerPorts.for_offset(environment.port_offset).claims
    mail = MailPorts.for_offset(environment.port_offset).claims
    services = [PortClaim(spec.port + environment.port_offset, spec.name) for spec in topology.services]
    return [*broker, *mail, *services]


def plan_run(*, environment: Environment, topology: Topology) -> RunPlan:
    """Resolve launch commands, environments and URLs for this environment."""
    broker = broker_child(environment=environment)
    smtp_port = MailPorts.for_offset(environment.port_offset).smtp
    sha = git_sha(root=environment.root)
    services = tuple(
        service_child(spec=spec, environment=environment, nats_url=broker.url, sha=sha, smtp_port=smtp_port)
        for spec in topology.services
    )
    front = topology.front_door
    open_url = next((child.url for child in services if front and child.name == front.name), None)
    return RunPlan(
        broker=broker,
        mail=mail_child(environment=environment),
        services=services,
        claims=tuple(port_claims(environment=environment, topology=topology)),
        open_url=open_url,
    )
