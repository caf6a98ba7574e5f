"""A clock the test moves by hand."""

from __future__ import annotations

__all__ = ["FakeClock"]


class FakeClock:
    """Callable like ``time.monotonic``; time passes only when the test says so.

    >>> clock = FakeClock()
    >>> clock.advance(5.0)
    >>> clock()
    1005.0
    """

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
