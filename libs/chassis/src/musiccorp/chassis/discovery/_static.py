"""A fixed name-to-address map: for platforms whose DNS resolves service names (Kubernetes)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from musiccorp.chassis.discovery._instance import Instance, ServiceNotFound

__all__ = ["StaticRegistry"]


class StaticRegistry:
    """Resolves names from a mapping given at start; registration is the platform's job.

    On Kubernetes each service name maps to its Service's DNS name, and the
    platform load-balances across pods; ``register`` and ``deregister`` are
    no-ops so the same service code runs unchanged in both columns.

    >>> import asyncio
    >>> registry = StaticRegistry({"catalog": "http://catalog:8000"})
    >>> [i.url for i in asyncio.run(registry.resolve("catalog"))]
    ['http://catalog:8000']
    """

    def __init__(self, mapping: Mapping[str, Sequence[str] | str]) -> None:
        self._resolved = {service: _instances(service, urls) for service, urls in mapping.items()}

    async def register(self, instance: Instance) -> None:
        """Nothing to do: the platform announces instances."""

    async def deregister(self, instance: Instance) -> None:
        """Nothing to do: the platform withdraws instances."""

    async def resolve(self, service: str) -> tuple[Instance, ...]:
        resolved = self._resolved.get(service)
        if not resolved:
            raise ServiceNotFound(service)
        return resolved

    async def ping(self) -> None:
        """Always healthy: there is nothing to reach."""

    async def close(self) -> None:
        """Nothing to release."""


def _instances(service: str, urls: Sequence[str] | str) -> tuple[Instance, ...]:
    if isinstance(urls, str):
        urls = [urls]
    return tuple(Instance(service=service, instance_id=f"{service}-{n}", url=url)
                 for n, url in enumerate(urls))
