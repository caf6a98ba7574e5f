"""The circuit breaker: stop calling a downstream that keeps failing, try again later."""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Callable

__all__ = ["CircuitBreaker", "CircuitState"]

log = logging.getLogger(__name__)


class CircuitState(enum.IntEnum):
    """The breaker's state; the values are those of the ``circuit_state`` gauge."""

    CLOSED = 0
    HALF_OPEN = 1
    OPEN = 2


class CircuitBreaker:
    """Closed → open after ``failure_threshold`` consecutive failures → half-open
    after ``reset_timeout`` seconds, letting one trial call through → closed when
    it succeeds, open again when it fails.

    >>> breaker = CircuitBreaker(failure_threshold=1)
    >>> breaker.allow(), breaker.record_failure(), breaker.allow()
    (True, None, False)
    """

    __slots__ = ("_clock", "_failures", "_opened_at", "_reset_timeout", "_state", "_threshold", "_trial",
                 "on_change")

    def __init__(self, *, failure_threshold: int = 5, reset_timeout: float = 5.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._threshold = failure_threshold
        self._reset_timeout = reset_timeout
        self._clock = clock
        self._state = CircuitState.CLOSED
        self._failures = 0
        self._opened_at = 0.0
        self._trial = False
        self.on_change: Callable[[CircuitState], None] | None = None

    @property
    def state(self) -> CircuitState:
        return self._state

    def allow(self) -> bool:
        """May a call go out now? In half-open, only the one trial call may."""
        if self._state is CircuitState.CLOSED:
            return True
        if self._state is CircuitState.OPEN:
            if self._clock() - self._opened_at < self._reset_timeout:
                return False
            self._set(CircuitState.HALF_OPEN)
        if self._trial:
            return False
        self._trial = True
        return True

    def retry_after(self) -> float:
        """Seconds until an open breaker lets a trial call through."""
        if self._state is not CircuitState.OPEN:
            return 0.0
        return max(0.0, self._reset_timeout - (self._clock() - self._opened_at))

    def record_success(self) -> None:
        self._failures = 0
        if self._state is CircuitState.HALF_OPEN:
            self._trial = False
            self._set(CircuitState.CLOSED)

    def record_failure(self) -> None:
        if self._state is CircuitState.CLOSED:
            self._failures += 1
            if self._failures >= self._threshold:
                self._open()
        elif self._state is CircuitState.HALF_OPEN:
            self._open()

    def release(self) -> None:
        """A call ended with no verdict (cancelled, or never sent): free the trial slot."""
        self._trial = False

    def _open(self) -> None:
        self._opened_at = self._clock()
        self._trial = False
        self._set(CircuitState.OPEN)

    def _set(self, state: CircuitState) -> None:
        self._state = state
        if self.on_change is not None:
            self.on_change(state)
