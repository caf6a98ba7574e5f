"""A run plan: the broker, the mail sink, the third parties and every service, with their ports and commands."""

from __future__ import annotations

from dataclasses import dataclass

from musiccorp.cli.environment import Environment
from musiccorp.cli.supervision.broker_process import BrokerPorts, broker_child
from musiccorp.cli.supervision.launch import ChildSpec, Wiring, git_sha, provider_child, service_child
from musiccorp.cli.supervision.mailsink_process import MailPorts, mail_child
from musiccorp.cli.supervision.ports import PortClaim
from musiccorp.cli.supervision.topology import Topology

__all__ = ["RunPlan", "plan_run", "port_claims"]


@dataclass(frozen=True, slots=True)
class RunPlan:
    """What ``musiccorp up`` launches: the broker, the mail sink and the third parties first, then the services
    in start order."""

    broker: ChildSpec
    mail: ChildSpec
    services: tuple[ChildSpec, ...]
    claims: tuple[PortClaim, ...]
    open_url: str | None
    providers: tuple[ChildSpec, ...] = ()


def port_claims(*, environment: Environment, topology: Topology) -> list[PortClaim]:
    """Every port a run binds, with who binds it."""
    offset = environment.port_offset
    broker = BrokerPorts.for_offset(offset).claims
    mail = MailPorts.for_offset(offset).claims
    providers = [PortClaim(spec.port + offset, spec.name) for spec in topology.providers]
    services = [PortClaim(spec.port + offset, spec.name) for spec in topology.services]
    return [*broker, *mail, *providers, *services]


def plan_run(*, environment: Environment, topology: Topology) -> RunPlan:
    """Resolve launch commands, environments and URLs for this environment."""
    broker = broker_child(environment=environment)
    providers = tuple(provider_child(spec=spec, environment=environment) for spec in topology.providers)
    wiring = Wiring(nats_url=broker.url, smtp_port=MailPorts.for_offset(environment.port_offset).smtp,
                    sha=git_sha(root=environment.root), provider_urls={child.name: child.url for child in providers})
    services = tuple(service_child(spec=spec, environment=environment, wiring=wiring) for spec in topology.services)
    front = topology.front_door
    open_url = next((child.url for child in services if front and child.name == front.name), None)
    return RunPlan(
        broker=broker,
        mail=mail_child(environment=environment),
        services=services,
        claims=tuple(port_claims(environment=environment, topology=topology)),
        open_url=open_url,
        providers=providers,
    )
