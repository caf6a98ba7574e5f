"""In-process notice that an order moved, so that a long-poll answers the moment it does.

The saga runner calls :meth:`OrderChanges.changed` after each committed move;
a waiting request holds the event it got from :meth:`OrderChanges.listen`. An
order moved by *another* process is not announced here: the waiter re-reads the
database every second meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import weakref


class OrderChanges:
    def __init__(self) -> None:
        # Weak: an event nobody waits on any more goes away with its last waiter.
        self._waiting: weakref.WeakValueDictionary[str, asyncio.Event] = weakref.WeakValueDictionary()

    def listen(self, order_id: str) -> asyncio.Event:
        """The event set at the order's next move; take it *before* reading the order, so no move is missed."""
        event = self._waiting.get(order_id)
        if event is None:
            event = self._waiting[order_id] = asyncio.Event()
        return event

    def changed(self, order_id: str) -> None:
        event = self._waiting.pop(order_id, None)
        if event is not None:
            event.set()

    @staticmethod
    async def wait(event: asyncio.Event, *, timeout: float) -> None:  # noqa: ASYNC109 - a bounded wait is the point
        """Until the event is set or ``timeout`` seconds passed, whichever comes first."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                await event.wait()
