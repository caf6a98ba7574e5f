"""The SQL unit of work every service subclasses: one transaction, its outbox events, the relay woken.

What is the same in every service lives here: the connection and transaction
of a unit, the outbox write (:func:`~musiccorp.chassis.events.record_event`),
rollback, and waking the relay once a commit recorded events. A service's
subclass, mixed with its service layer's abstract unit of work, adds only what
is its own: it binds its repositories in ``_open(connection)``, and its
``_commit`` stores what changed and hands the events to :meth:`SqlUnitOfWork._complete`.

A unit either owns its transaction (an API request, a background task: built by
:meth:`SqlUnitOfWork.factory` in ``bootstrap``) or joins one its caller owns (an
event handler, inside the transaction in which the chassis consumer also writes
the inbox row: :meth:`SqlUnitOfWork.joining`) — the change, its events and "this
event is handled" then commit together, or not at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Self

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncTransaction

from musiccorp.chassis.events import Event, record_event

if TYPE_CHECKING:
    from musiccorp.chassis.runtime import ServiceRuntime

__all__ = ["SqlUnitOfWork"]


def _no_relay() -> None:
    pass


class SqlUnitOfWork:
    """One transaction per ``async with`` (or the caller's); ``notify`` wakes the outbox relay after a commit
    that recorded events.

    The change and the events announcing it go into one local transaction (the
    outbox): committed together, or not at all. Publishing after a separate commit
    could lose an event in a crash, or announce a change that was rolled back.
    A unit that joined its caller's transaction neither commits nor wakes the
    relay: the caller commits, and the relay's next poll (at most a second later)
    sends the events.
    """

    def __init__(self, engine: AsyncEngine | None = None, *, source: str, notify: Callable[[], None] = _no_relay,
                 connection: AsyncConnection | None = None) -> None:
        if (engine is None) == (connection is None):
            raise ValueError("a unit of work either owns its transaction (engine) or joins one (connection)")
        self._engine = engine
        self._joined = connection
        self._source = source
        self._notify = notify
        self._connection: AsyncConnection | None = None
        self._transaction: AsyncTransaction | None = None
        self._recorded = 0

    @classmethod
    def factory(cls, runtime: ServiceRuntime, **options: Any) -> Callable[[], Self]:
        """Units on ``runtime``'s database, each owning its transaction and waking the runtime's relay."""
        engine, source, notify = runtime.database.engine, runtime.source, runtime.notify_outbox
        return lambda: cls(engine, source=source, notify=notify, **options)

    @classmethod
    def joining(cls, runtime: ServiceRuntime, **options: Any) -> Callable[[AsyncConnection], Self]:
        """Units inside the transaction of the message being handled, on the connection the consumer gives."""
        source = runtime.source
        return lambda connection: cls(connection=connection, source=source, **options)

    async def __aenter__(self) -> Self:
        if self._joined is not None:
            self._connection = self._joined
        else:
            self._connection = await self._engine.connect()
            self._transaction = await self._connection.begin()
        self._recorded = 0
        self._open(self._connection)
        return self

    def _open(self, connection: AsyncConnection) -> None:
        """Bind the service's repositories to ``connection`` (a subclass's one duty)."""
        raise NotImplementedError

    async def record(self, event: Event) -> None:
        """Write ``event`` to the outbox in this unit's transaction."""
        await record_event(self._connection, event, source=self._source)
        self._recorded += 1

    async def _complete(self, events: Iterable[Event] = ()) -> None:
        """Record ``events``, then commit the transaction this unit owns and wake the relay if it recorded any."""
        for event in events:
            await self.record(event)
        if self._transaction is None:  # joined: the caller commits
            return
        await self._transaction.commit()
        if self._recorded:
            self._notify()

    async def rollback(self) -> None:
        """Undo what the unit wrote and give its connection back; a joined unit leaves that to its caller."""
        if self._joined is not None:
            return
        if self._transaction is not None and self._transaction.is_active:
            await self._transaction.rollback()
        if self._connection is not None:
            await self._connection.close()
        self._connection = self._transaction = None
