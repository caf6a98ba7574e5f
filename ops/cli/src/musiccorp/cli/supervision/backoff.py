"""Exponential backoff between restarts of a crashing child."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["INITIAL_DELAY", "MAX_DELAY", "Backoff"]

INITIAL_DELAY = 0.5
MAX_DELAY = 30.0


@dataclass(slots=True)
class Backoff:
    """Delays of ``initial`` seconds doubling up to ``ceiling``; reset once a child stays up.

    >>> backoff = Backoff(initial=0.5, ceiling=2.0)
    >>> [backoff.next_delay() for _ in range(4)]
    [0.5, 1.0, 2.0, 2.0]
    """

    initial: float = INITIAL_DELAY
    ceiling: float = MAX_DELAY
    reset_after: float = 60.0
    _next: float = field(init=False, default=0.0)

    def __post_init__(self) -> None:
        self._next = self.initial

    @classmethod
    def up_to(cls, ceiling: float) -> Backoff:
        """The default schedule capped at ``ceiling`` seconds (which may be below the usual first delay)."""
        return cls(initial=min(INITIAL_DELAY, ceiling), ceiling=ceiling)

    def next_delay(self) -> float:
        """The delay before the next restart (and double the one after it)."""
        delay = self._next
        self._next = min(self._next * 2, self.ceiling)
        return delay

    def note_uptime(self, seconds: float) -> None:
        """Start again from ``initial`` when the child had stayed ready for ``reset_after``."""
        if seconds >= self.reset_after:
            self._next = self.initial
