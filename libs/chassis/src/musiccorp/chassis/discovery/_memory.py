"""The in-memory registry: the fake beside :class:`NatsKvRegistry`, and the embedded default."""

from __future__ import annotations

from musiccorp.chassis.discovery._instance import Instance, ServiceNotFound

__all__ = ["InMemoryRegistry"]


class InMemoryRegistry:
    """A registry held in one process's memory.

    >>> import asyncio
    >>> registry = InMemoryRegistry()
    >>> one = Instance(service="catalog", instance_id="c1", url="http://127.0.0.1:8101")
    >>> asyncio.run(registry.register(one))
    >>> asyncio.run(registry.resolve("catalog")) == (one,)
    True
    """

    def __init__(self) -> None:
        self._services: dict[str, dict[str, Instance]] = {}
        self._resolved: dict[str, tuple[Instance, ...]] = {}

    async def register(self, instance: Instance) -> None:
        self._services.setdefault(instance.service, {})[instance.instance_id] = instance
        self._resolved.pop(instance.service, None)

    async def deregister(self, instance: Instance) -> None:
        self._services.get(instance.service, {}).pop(instance.instance_id, None)
        self._resolved.pop(instance.service, None)

    async def resolve(self, service: str) -> tuple[Instance, ...]:
        resolved = self._resolved.get(service)
        if resolved is None:
            resolved = self._resolved[service] = tuple(self._services.get(service, {}).values())
        if not resolved:
            raise ServiceNotFound(service)
        return resolved

    async def ping(self) -> None:
        """Always healthy: there is nothing to reach."""

    async def close(self) -> None:
        self._services.clear()
        self._resolved.clear()
