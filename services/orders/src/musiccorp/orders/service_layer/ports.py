"""What the orders' use cases and the saga runner need from the outside world.

Remote participants — the catalog, and the saga's warehouse, payments and
shipping — answer each call with a saga :data:`~musiccorp.orders.domain.saga.Outcome`:
their adapters classify the wire (a 2xx, a 4xx problem, a timeout) so that the
runner only ever sees done, refused or unavailable. The database is reached
through a unit of work whose repositories write within its one transaction.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, Self

from musiccorp.orders.domain.cart import Cart, CartItem
from musiccorp.orders.domain.events import OrderEvent
from musiccorp.orders.domain.model import Order, PricedAlbum
from musiccorp.orders.domain.saga import Outcome, Saga


class Catalog(abc.ABC):
    @abc.abstractmethod
    async def album(self, album_id: str) -> PricedAlbum | None:
        """The album's title, artist and price now; ``None`` when the catalog has no such album.

        Raises ``CatalogUnavailable`` when the catalog cannot be asked.
        """


class Warehouse(abc.ABC):
    @abc.abstractmethod
    async def reserve(self, order: Order) -> Outcome:
        """Hold the order's items (idempotent by order id)."""

    @abc.abstractmethod
    async def confirm(self, order: Order) -> Outcome:
        """Take the held items off the shelf for good and queue their picking."""

    @abc.abstractmethod
    async def release(self, order: Order) -> Outcome:
        """Put held items back; done also when nothing is held."""


class Payments(abc.ABC):
    @abc.abstractmethod
    async def charge(self, order: Order) -> Outcome:
        """Take the order's total from its card, once per order whatever the retries."""

    @abc.abstractmethod
    async def refund(self, order: Order, *, reason: str) -> Outcome:
        """Give back whatever was taken for the order; done also when nothing was."""


class Shipping(abc.ABC):
    @abc.abstractmethod
    async def create_shipment(self, order: Order) -> Outcome:
        """Arrange the order's delivery; :class:`Done` carries the tracking number."""

    @abc.abstractmethod
    async def cancel_shipment(self, order: Order) -> Outcome:
        """Call the delivery off; done also when there is none."""


@dataclass(frozen=True, slots=True)
class Participants:
    """The services the saga calls."""

    warehouse: Warehouse
    payments: Payments
    shipping: Shipping


@dataclass(frozen=True, slots=True)
class Lease:
    """``owner`` alone may drive a saga until ``expires_at`` (epoch seconds), unless it renews the lease."""

    owner: str
    expires_at: float


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One call of a saga, as the step log keeps it."""

    action: str
    outcome: str  # done | refused | unavailable
    detail: str
    at: datetime


@dataclass(frozen=True, slots=True)
class PriorRequest:
    """What an Idempotency-Key was first used for."""

    fingerprint: str
    order_id: str


Move = tuple[Order, OrderEvent]
"""An order as it was stored, and one move of it: the unit of work publishes the move's event when it commits."""


class OrderRepository(abc.ABC):
    """Orders as one unit of work writes them, at once; the moves it stored are kept in ``moves``."""

    def __init__(self) -> None:
        self.moves: list[Move] = []

    @abc.abstractmethod
    async def add(self, order: Order) -> None:
        """Insert a newly placed order with its history; its first move goes to ``moves``."""

    @abc.abstractmethod
    async def save(self, order: Order) -> None:
        """Store the order's moves (``order.events``, then cleared, into ``moves``); ``ConcurrentChange`` if it
        moved meanwhile."""

    def _moved(self, order: Order) -> None:
        """The order's moves are stored with it: keep them for the unit's commit to announce."""
        self.moves.extend((order, event) for event in order.events)
        order.events.clear()

    @abc.abstractmethod
    async def get(self, order_id: str) -> Order | None: ...

    @abc.abstractmethod
    async def version_of(self, order_id: str) -> int | None:
        """The order's version alone: what a long-poll re-checks."""

    @abc.abstractmethod
    async def for_customer(self, customer_id: str, *, limit: int) -> list[Order]:
        """The customer's newest orders first."""


class CartRepository(abc.ABC):
    @abc.abstractmethod
    async def get(self, customer_id: str) -> Cart: ...

    @abc.abstractmethod
    async def put(self, customer_id: str, item: CartItem, *, at: datetime) -> None:
        """Add the item, or replace the one for the same album (which keeps its place in the cart)."""

    @abc.abstractmethod
    async def remove(self, customer_id: str, album_id: str) -> None: ...

    @abc.abstractmethod
    async def clear(self, customer_id: str) -> None: ...


class SagaRepository(abc.ABC):
    @abc.abstractmethod
    async def add(self, saga: Saga, *, lease: Lease | None, due_at: float) -> None:
        """Insert a new saga, due at ``due_at`` (epoch seconds), leased to the runner that will start it."""

    @abc.abstractmethod
    async def get(self, order_id: str) -> Saga | None: ...

    @abc.abstractmethod
    async def claim(self, order_id: str, lease: Lease, *, now: float, inherits: str | None = None) -> bool:
        """Take the lease of an unfinished saga whose lease is free, expired, already the owner's, or held by an
        owner whose name starts with ``inherits`` (an earlier life of this process); ``False`` if another runner
        holds it."""

    @abc.abstractmethod
    async def record(self, saga: Saga, entry: LogEntry, *, lease: Lease, due_at: float | None) -> None:
        """Store the saga's progress and append ``entry`` to its log, renewing the lease (released when done).

        Raises ``LeaseLost`` when ``lease.owner`` no longer holds the saga.
        """

    @abc.abstractmethod
    async def renew(self, order_ids: list[str], lease: Lease) -> None:
        """Extend the lease of the sagas ``lease.owner`` is driving."""

    @abc.abstractmethod
    async def release(self, order_id: str, owner: str) -> None:
        """Give up the lease, so that any runner may pick the saga up at once."""

    @abc.abstractmethod
    async def due(self, *, now: float, limit: int, inherits: str | None = None) -> list[str]:
        """Unfinished sagas due by ``now`` that no live lease holds (a lease of an owner named ``inherits…`` counts
        as free): those a runner should pick up."""

    @abc.abstractmethod
    async def log(self, order_id: str) -> list[LogEntry]: ...


class RequestLog(abc.ABC):
    """Idempotency-Keys of order placements (practice 4.15)."""

    @abc.abstractmethod
    async def find(self, key: str) -> PriorRequest | None: ...

    @abc.abstractmethod
    async def add(self, key: str, fingerprint: str, order_id: str) -> None:
        """Record the key; ``DuplicateRequest`` when a concurrent request with it committed first."""


class AbstractUnitOfWork(abc.ABC):
    """One transaction per ``async with``: everything written in it, and the events of the orders' moves, commit
    together or not at all.

    Leaving the block without ``commit()`` rolls back. An instance may be used again, one block after another.
    """

    orders: OrderRepository
    carts: CartRepository
    sagas: SagaRepository
    requests: RequestLog

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.rollback()

    async def commit(self) -> None:
        await self._commit(self.orders.moves)

    @abc.abstractmethod
    async def _commit(self, moves: list[Move]) -> None:
        """Record the events of ``moves`` and commit everything written, atomically."""

    @abc.abstractmethod
    async def rollback(self) -> None: ...


class SagaStarter(Protocol):
    """Who drives a newly placed order's saga (the runner of this process)."""

    def lease(self) -> Lease | None:
        """The lease a new saga is inserted with, so no other runner takes it meanwhile; ``None`` for any runner."""

    def started(self, order: Order, saga: Saga) -> None:
        """The order and its saga committed: drive it now."""
