"""The system's shape, read from every ``services/<name>/service.toml`` and ``thirdparty/<name>/thirdparty.toml``.

Start order is the topological order of ``depends_on``; a cycle, an unknown
name, a ``uses`` naming no third party, or two children on one port is a
one-line :class:`TopologyError`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

from musiccorp.cli.errors import TopologyError, UnknownService
from musiccorp.cli.supervision.providers import ProviderSpec, load_providers

__all__ = ["ServiceSpec", "Topology", "load_topology", "start_order"]


@dataclass(frozen=True, slots=True)
class ServiceSpec:
    """How one service runs, as its manifest declares it."""

    name: str
    app: str
    port: int
    depends_on: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()
    secrets: tuple[str, ...] = ()
    database: bool = False
    mail: bool = False
    description: str = ""
    owner: str = ""
    tier: int | None = None
    on_call: str = ""

    @property
    def env_prefix(self) -> str:
        """``MUSICCORP_<NAME>_``: the prefix of every setting this service reads."""
        return f"MUSICCORP_{self.name.upper().replace('-', '_')}_"


@dataclass(frozen=True, slots=True)
class Topology:
    """Every service, in start order (dependencies first), and the third-party providers they use."""

    services: tuple[ServiceSpec, ...]
    providers: tuple[ProviderSpec, ...] = ()

    @property
    def names(self) -> list[str]:
        return [service.name for service in self.services]

    def get(self, name: str) -> ServiceSpec:
        """The service called ``name``; :class:`UnknownService` when there is none."""
        for service in self.services:
            if service.name == name:
                return service
        raise UnknownService(name=name, known=self.names)

    @property
    def front_door(self) -> ServiceSpec | None:
        """The service a person opens first: ``storefront`` if present, else the first."""
        by_name = {service.name: service for service in self.services}
        return by_name.get("storefront") or next(iter(self.services), None)


def load_topology(*, root: Path) -> Topology:
    """Read ``root/services/*/service.toml`` and ``root/thirdparty/*/thirdparty.toml``; order services for start-up."""
    manifests = sorted(root.glob("services/*/service.toml"))
    if not manifests:
        raise TopologyError(f"no services/*/service.toml under {root}; set MUSICCORP_ROOT to the repository")
    specs = [_read_manifest(path) for path in manifests]
    providers = load_providers(root=root)
    _check_unique([*specs, *providers])
    _check_uses(specs, providers)
    return Topology(services=tuple(start_order(specs)), providers=providers)


def start_order(specs: list[ServiceSpec]) -> list[ServiceSpec]:
    """``specs`` ordered so that every service comes after what it depends on.

    >>> [s.name for s in start_order([ServiceSpec("web", "m:f", 1, ("db",)), ServiceSpec("db", "m:f", 2)])]
    ['db', 'web']
    """
    by_name = {spec.name: spec for spec in specs}
    for spec in specs:
        for dependency in spec.depends_on:
            if dependency not in by_name:
                raise TopologyError(f"{spec.name} depends on unknown service {dependency!r}")
    sorter = TopologicalSorter({spec.name: spec.depends_on for spec in specs})
    try:
        return [by_name[name] for name in sorter.static_order()]
    except CycleError as error:
        cycle = " -> ".join(reversed(error.args[1]))
        raise TopologyError(f"depends_on forms a cycle: {cycle}") from None


def _check_unique(specs: list[ServiceSpec | ProviderSpec]) -> None:
    ports: dict[int, str] = {}
    names: set[str] = set()
    for spec in specs:
        if spec.name in names:
            raise TopologyError(f"two manifests are called {spec.name!r}; service and third-party names must differ")
        if spec.port in ports:
            raise TopologyError(f"{spec.name} and {ports[spec.port]} both declare port {spec.port}")
        ports[spec.port] = spec.name
        names.add(spec.name)


def _check_uses(specs: list[ServiceSpec], providers: tuple[ProviderSpec, ...]) -> None:
    known = {provider.name: provider for provider in providers}
    for spec in specs:
        for name in spec.uses:
            if name not in known:
                choices = ", ".join(sorted(known)) or "none (no thirdparty/*/thirdparty.toml)"
                raise TopologyError(f"{spec.name} uses unknown third party {name!r}; known: {choices}")
        for secret in spec.secrets:
            provider, _, credential = secret.rpartition(".")
            if provider and (provider not in spec.uses or credential not in known[provider].secrets):
                raise TopologyError(f"{spec.name} needs {secret!r}, which no third party it uses declares")


def _read_manifest(path: Path) -> ServiceSpec:
    try:
        document = tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise TopologyError(f"{path}: cannot read it: {error}") from None
    service, run = document.get("service", {}), document.get("run", {})
    name = service.get("name") or path.parent.name
    if not isinstance(run.get("app"), str) or ":" not in run["app"]:
        raise TopologyError(f"{path}: [run].app must look like 'package.module:factory'")
    if not isinstance(run.get("port"), int) or not 0 < run["port"] < 65536:
        raise TopologyError(f"{path}: [run].port must be a port number")
    depends_on, uses = run.get("depends_on", []), run.get("uses", [])
    if not isinstance(depends_on, list) or not all(isinstance(item, str) for item in depends_on):
        raise TopologyError(f"{path}: [run].depends_on must be a list of service names")
    if not isinstance(uses, list) or not all(isinstance(item, str) for item in uses):
        raise TopologyError(f"{path}: [run].uses must be a list of third-party names")
    secrets = run.get("secrets", [])
    if not isinstance(secrets, list) or not all(isinstance(item, str) and item for item in secrets):
        raise TopologyError(f"{path}: [run].secrets must be a list of secret names")
    return ServiceSpec(
        name=name,
        app=run["app"],
        port=run["port"],
        depends_on=tuple(depends_on),
        uses=tuple(uses),
        secrets=tuple(secrets),
        database=bool(run.get("database", False)),
        mail=bool(run.get("mail", False)),
        description=service.get("description", ""),
        owner=service.get("owner", ""),
        tier=service.get("tier"),
        on_call=service.get("on_call", ""),
    )
