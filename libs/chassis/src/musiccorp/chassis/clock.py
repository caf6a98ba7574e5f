"""The time as a service reads it: one :data:`Clock` type and the real clock, :func:`utc_now`.

The rule, the same in every service: a domain never reads a clock — its
methods are handed the moment (``at=``, ``now=``), so it needs no clock type
at all. The service layer, adapters, bootstrap and entrypoints take a
:data:`Clock` from here; ``bootstrap`` defaults it to :func:`utc_now`, and tests
pass :class:`~musiccorp.chassis.testing.FakeUtcClock`, which moves when they say.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

__all__ = ["Clock", "utc_now"]

Clock = Callable[[], datetime]
"""The current time, timezone-aware (UTC)."""


def utc_now() -> datetime:
    """Now, in UTC: the clock every service runs on."""
    return datetime.now(UTC)
