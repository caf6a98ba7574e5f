"""The bulkhead: one slow downstream may not take every task of the process hostage."""

from __future__ import annotations

import asyncio
from types import TracebackType

from musiccorp.chassis.http._errors import BulkheadFull

__all__ = ["Bulkhead"]


class Bulkhead:
    """At most ``max_concurrent`` calls in flight and ``max_queued`` waiting;
    beyond that, :class:`BulkheadFull` at once.

    >>> bulkhead = Bulkhead(downstream="catalog", max_concurrent=2, max_queued=0)
    >>> async def call():
    ...     async with bulkhead:
    ...         ...
    """

    __slots__ = ("_downstream", "_in_flight", "_max_concurrent", "_max_queued", "_queued", "_semaphore")

    def __init__(self, *, downstream: str, max_concurrent: int = 64, max_queued: int | None = None) -> None:
        self._downstream = downstream
        self._max_concurrent = max_concurrent
        self._max_queued = max_concurrent if max_queued is None else max_queued
        self._semaphore = asyncio.Semaphore(max_concurrent)
        self._queued = 0
        self._in_flight = 0

    @property
    def in_flight(self) -> int:
        return self._in_flight

    @property
    def queued(self) -> int:
        return self._queued

    async def __aenter__(self) -> None:
        if not self._semaphore.locked():
            await self._semaphore.acquire()  # returns at once: a slot is free
            self._in_flight += 1
            return
        if self._queued >= self._max_queued:
            raise BulkheadFull(self._downstream, f"{self._max_concurrent} calls in flight and "
                                                 f"{self._queued} queued; rejected")
        self._queued += 1
        try:
            await self._semaphore.acquire()
        finally:
            self._queued -= 1
        self._in_flight += 1

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        self._in_flight -= 1
        self._semaphore.release()
