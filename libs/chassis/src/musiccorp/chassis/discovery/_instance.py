"""What the registry knows about one running copy of a service."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

__all__ = ["Instance", "ServiceNotFound", "ServiceRegistry"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Instance:
    """One running copy of a service: where to reach it and what it runs.

    >>> Instance(service="catalog", instance_id="catalog-1", url="http://127.0.0.1:8101/").url
    'http://127.0.0.1:8101'
    """

    service: str
    instance_id: str
    url: str
    version: str = ""

    def __post_init__(self) -> None:
        # Callers append paths that start with "/"; a trailing slash would double it.
        object.__setattr__(self, "url", self.url.rstrip("/"))


class ServiceNotFound(LookupError):
    """No live instance of ``service`` is known to the registry."""

    def __init__(self, service: str) -> None:
        super().__init__(f"{service}: no live instance is registered")
        self.service = service


class ServiceRegistry(Protocol):
    """Where services announce themselves and find each other by name.

    ``resolve`` runs before every remote call, so implementations answer it
    from memory, never with a network round trip.
    """

    async def register(self, instance: Instance) -> None:
        """Announce ``instance`` and keep it alive until deregistered or closed."""

    async def deregister(self, instance: Instance) -> None:
        """Withdraw ``instance`` at once (callers stop picking it)."""

    async def resolve(self, service: str) -> Sequence[Instance]:
        """The live instances of ``service``; raises :class:`ServiceNotFound` when none."""

    async def close(self) -> None:
        """Stop keeping instances alive and release connections."""
