"""Capped exponential backoff, and the set of aggregates the relay is backing off from."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Backoff", "Cooldowns"]


@dataclass(frozen=True, slots=True)
class Backoff:
    """``initial · factor^(n-1)`` seconds after the n-th consecutive failure, at most ``maximum``.

    >>> [Backoff(initial=1, maximum=5).delay(n) for n in (1, 2, 3, 4)]
    [1, 2, 4, 5]
    """

    initial: float = 0.2
    maximum: float = 10.0
    factor: float = 2.0

    def delay(self, failures: int) -> float:
        return min(self.maximum, self.initial * self.factor ** max(0, failures - 1))


class Cooldowns:
    """Keys that failed recently, each unavailable until its backoff has passed."""

    def __init__(self, backoff: Backoff, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._backoff = backoff
        self._clock = clock
        self._failures: dict[str, int] = {}
        self._until: dict[str, float] = {}

    def failed(self, key: str) -> float:
        """Note one more failure of ``key``; return how long it now waits."""
        failures = self._failures.get(key, 0) + 1
        delay = self._backoff.delay(failures)
        self._failures[key] = failures
        self._until[key] = self._clock() + delay
        return delay

    def succeeded(self, key: str) -> None:
        self._failures.pop(key, None)
        self._until.pop(key, None)

    def cooling(self) -> set[str]:
        """The keys still waiting now."""
        now = self._clock()
        return {key for key, until in self._until.items() if until > now}

    def next_due_in(self) -> float | None:
        """Seconds until the earliest waiting key may be tried again; ``None`` when none waits."""
        now = self._clock()
        waits = [until - now for until in self._until.values() if until > now]
        return max(0.0, min(waits)) if waits else None
