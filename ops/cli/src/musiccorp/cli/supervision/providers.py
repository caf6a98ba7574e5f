"""Third-party providers: outside companies' sandboxes, read from every ``thirdparty/<name>/thirdparty.toml``.

We do not own them, so they are not services: no ``service.toml``, no chassis,
no ``/health/ready``. A manifest says how to run one (``python -m <module>
--host H --port P``) and where to probe it; ``musiccorp up`` starts them before
the services, and a service that declares ``uses = ["<name>"]`` is told its URL.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from musiccorp.cli.errors import TopologyError

__all__ = ["THIRD_PARTY", "ProviderSpec", "env_name", "load_providers"]

THIRD_PARTY = "third party"


@dataclass(frozen=True, slots=True)
class ProviderSpec:
    """How one third-party provider runs, as its manifest declares it."""

    name: str
    module: str
    port: int
    ready_path: str = "/"
    description: str = ""
    secrets: dict[str, str] = field(default_factory=dict)
    """Its credentials a run generates: name → the variable it reads that one from."""


def env_name(name: str) -> str:
    """``PAYBUDDY`` for ``paybuddy``: a provider's part of ``MUSICCORP_<SVC>_<PROVIDER>_URL``."""
    return name.upper().replace("-", "_")


def load_providers(*, root: Path) -> tuple[ProviderSpec, ...]:
    """Every ``root/thirdparty/*/thirdparty.toml``, by name; none is fine."""
    return tuple(_read_manifest(path) for path in sorted(root.glob("thirdparty/*/thirdparty.toml")))


def _read_manifest(path: Path) -> ProviderSpec:
    try:
        document = tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise TopologyError(f"{path}: cannot read it: {error}") from None
    provider, run = document.get("provider", {}), document.get("run", {})
    name = provider.get("name") or path.parent.name
    module = run.get("module")
    if not isinstance(module, str) or not all(part.isidentifier() for part in module.split(".")):
        raise TopologyError(f"{path}: [run].module must be a module to run with python -m")
    if not isinstance(run.get("port"), int) or not 0 < run["port"] < 65536:
        raise TopologyError(f"{path}: [run].port must be a port number")
    ready_path = run.get("ready_path", "/")
    if not isinstance(ready_path, str) or not ready_path.startswith("/"):
        raise TopologyError(f"{path}: [run].ready_path must be a path starting with /")
    secrets = run.get("secrets", {})
    if not isinstance(secrets, dict) or not all(isinstance(v, str) and v for v in secrets.values()):
        raise TopologyError(f"{path}: [run.secrets] must map each credential's name to the variable it is read from")
    return ProviderSpec(name=name, module=module, port=run["port"], ready_path=ready_path,
                        description=provider.get("description", ""), secrets=dict(secrets))
