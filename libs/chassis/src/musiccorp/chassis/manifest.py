"""The service manifest (``service.toml``): who owns a service and how it runs.

Ownership is part of the service, not a wiki page (practice 10.5): every
service ships a manifest naming its owning team, tier and on-call, and
``/info`` serves it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ManifestError", "ServiceManifest", "find_manifest", "load_manifest"]

REQUIRED = ("name", "description", "owner", "tier", "on_call")


class ManifestError(ValueError):
    """A manifest is missing or lacks a required field."""


@dataclass(frozen=True, slots=True)
class ServiceManifest:
    name: str
    description: str
    owner: str
    tier: int
    on_call: str
    version: str


def load_manifest(path: Path, *, version: str) -> ServiceManifest:
    """Read ``service.toml`` at ``path``; raise :class:`ManifestError` when incomplete."""
    if not path.is_file():
        raise ManifestError(f"{path}: no service manifest (service.toml with owner, tier, on_call)")
    table = tomllib.loads(path.read_text()).get("service", {})
    missing = [key for key in REQUIRED if not table.get(key)]
    if missing:
        raise ManifestError(f"{path}: [service] lacks {', '.join(missing)}")
    if not isinstance(table["tier"], int) or not 1 <= table["tier"] <= 4:
        raise ManifestError(f"{path}: tier must be a whole number from 1 (most critical) to 4")
    return ServiceManifest(**{key: table[key] for key in REQUIRED}, version=version)


def find_manifest(package_file: str) -> Path:
    """The ``service.toml`` of the service whose package contains ``package_file``.

    Looked up beside the installed package first (a wheel ships it as package
    data), then at the service's root in the source tree.
    """
    here = Path(package_file).resolve().parent
    for candidate in (here / "service.toml", *(parent / "service.toml" for parent in here.parents)):
        if candidate.is_file():
            return candidate
    return here / "service.toml"
