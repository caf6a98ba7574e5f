"""The in-memory view a watcher keeps of a shared registry, with liveness by timestamp."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable

from musiccorp.chassis.discovery._instance import Instance

__all__ = ["LiveTable"]


class LiveTable:
    """Instances by service, each with the wall-clock time it last announced itself.

    An instance whose announcement is older than ``ttl`` is not live, even if
    the store has not yet expired its entry. Answers are cached per service
    until the oldest live announcement in them expires, so a lookup on the hot
    path is two dictionary reads.
    """

    def __init__(self, *, ttl: float, clock: Callable[[], float] = time.time) -> None:
        self._ttl = ttl
        self._clock = clock
        self._announced: dict[str, dict[str, tuple[Instance, float]]] = {}
        self._live: dict[str, tuple[tuple[Instance, ...], float]] = {}

    def put(self, instance: Instance, announced_at: float) -> None:
        self._announced.setdefault(instance.service, {})[instance.instance_id] = (instance, announced_at)
        self._live.pop(instance.service, None)

    def remove(self, service: str, instance_id: str) -> None:
        self._announced.get(service, {}).pop(instance_id, None)
        self._live.pop(service, None)

    def replace_all(self, entries: Iterable[tuple[Instance, float]]) -> None:
        self._announced.clear()
        self._live.clear()
        for instance, announced_at in entries:
            self.put(instance, announced_at)

    def live(self, service: str) -> tuple[Instance, ...]:
        now = self._clock()
        cached = self._live.get(service)
        if cached is not None and now < cached[1]:
            return cached[0]
        announced = self._announced.get(service, {})
        for instance_id in [i for i, (_, at) in announced.items() if now - at >= self._ttl]:
            del announced[instance_id]
        instances = tuple(instance for instance, _ in announced.values())
        oldest = min((at for _, at in announced.values()), default=math.inf)
        # A peer's clock ahead of ours must not keep an answer cached beyond one ttl.
        self._live[service] = (instances, min(oldest + self._ttl, now + self._ttl))
        return instances
