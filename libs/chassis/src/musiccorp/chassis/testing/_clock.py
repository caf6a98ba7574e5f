"""Clocks the test moves by hand: monotonic seconds (:class:`FakeClock`) and the wall clock (:class:`FakeUtcClock`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

__all__ = ["FakeClock", "FakeUtcClock"]


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


class FakeUtcClock:
    """A :data:`musiccorp.chassis.clock.Clock`: the current time (UTC) as the test says.

    It stands still unless the test moves it — ``advance(timedelta(minutes=15))``
    or ``advance(seconds=15)`` — or, with ``tick``, moves that much after every
    reading, so the order of events shows in their times.

    >>> clock = FakeUtcClock()
    >>> clock.advance(minutes=15)
    >>> clock().isoformat()
    '2026-11-25T10:15:00+00:00'
    >>> ticking = FakeUtcClock(tick=timedelta(minutes=1))
    >>> [ticking().minute, ticking().minute]
    [0, 1]
    """

    START = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)

    def __init__(self, start: datetime = START, *, tick: timedelta = timedelta(0)) -> None:
        self.now = start
        self.tick = tick

    def __call__(self) -> datetime:
        now, self.now = self.now, self.now + self.tick
        return now

    def advance(self, delta: timedelta = timedelta(0), /, **parts: float) -> None:
        """Move the time on by ``delta`` and/or ``timedelta(**parts)``."""
        self.now += delta + timedelta(**parts)
