"""In-memory orders: the fake unit of work for unit tests and the API's tests without a database.

It keeps the promises of the real one: whatever a unit reads is a copy, so an
uncommitted change is lost; a commit is all or nothing; an Idempotency-Key is
recorded once; a saga's lease is taken and checked as the SQL store does.
``published`` lists every committed order event, in order.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime

from musiccorp.orders.domain.cart import Cart, CartItem
from musiccorp.orders.domain.errors import ConcurrentChange, DuplicateRequest, LeaseLost
from musiccorp.orders.domain.model import Order, OrderEvent
from musiccorp.orders.domain.saga import Saga
from musiccorp.orders.service_layer.ports import (
    AbstractUnitOfWork,
    CartRepository,
    Lease,
    LogEntry,
    OrderRepository,
    PriorRequest,
    RequestLog,
    SagaRepository,
)


@dataclass
class SagaRow:
    saga: Saga
    due_at: float | None
    lease: Lease | None


@dataclass
class State:
    orders: dict[str, Order] = field(default_factory=dict)
    carts: dict[str, dict[str, tuple[CartItem, datetime]]] = field(default_factory=dict)
    sagas: dict[str, SagaRow] = field(default_factory=dict)
    log: dict[str, list[LogEntry]] = field(default_factory=dict)
    requests: dict[str, PriorRequest] = field(default_factory=dict)
    published: list[OrderEvent] = field(default_factory=list)


class InMemoryOrderRepository(OrderRepository):
    def __init__(self, state: State) -> None:
        self._state = state

    async def add(self, order: Order) -> None:
        self._state.orders[order.id] = self._stored(order)

    async def save(self, order: Order) -> None:
        current = self._state.orders.get(order.id)
        if current is None or current.version != order.version - len(order.events):
            raise ConcurrentChange(order.id)
        self._state.orders[order.id] = self._stored(order)

    def _stored(self, order: Order) -> Order:
        self._state.published.extend(order.events)
        order.events.clear()
        return copy.deepcopy(order)

    async def get(self, order_id: str) -> Order | None:
        found = self._state.orders.get(order_id)
        return copy.deepcopy(found) if found is not None else None

    async def version_of(self, order_id: str) -> int | None:
        found = self._state.orders.get(order_id)
        return found.version if found is not None else None

    async def for_customer(self, customer_id: str, *, limit: int) -> list[Order]:
        theirs = [order for order in self._state.orders.values() if order.customer_id == customer_id]
        theirs.sort(key=lambda order: (order.placed_at, order.id), reverse=True)
        return copy.deepcopy(theirs[:limit])


class InMemoryCartRepository(CartRepository):
    def __init__(self, state: State) -> None:
        self._state = state

    async def get(self, customer_id: str) -> Cart:
        held = self._state.carts.get(customer_id, {})
        ordered = sorted(held.values(), key=lambda entry: (entry[1], entry[0].album_id))
        return Cart(customer_id, tuple(item for item, _added in ordered))

    async def put(self, customer_id: str, item: CartItem, *, at: datetime) -> None:
        held = self._state.carts.setdefault(customer_id, {})
        added = held[item.album_id][1] if item.album_id in held else at
        held[item.album_id] = (item, added)

    async def remove(self, customer_id: str, album_id: str) -> None:
        self._state.carts.get(customer_id, {}).pop(album_id, None)

    async def clear(self, customer_id: str) -> None:
        self._state.carts.pop(customer_id, None)


class InMemorySagaRepository(SagaRepository):
    def __init__(self, state: State) -> None:
        self._state = state

    async def add(self, saga: Saga, *, lease: Lease | None, due_at: float) -> None:
        self._state.sagas[saga.order_id] = SagaRow(copy.deepcopy(saga), due_at, lease)

    async def get(self, order_id: str) -> Saga | None:
        row = self._state.sagas.get(order_id)
        return copy.deepcopy(row.saga) if row is not None else None

    async def claim(self, order_id: str, lease: Lease, *, now: float, inherits: str | None = None) -> bool:
        row = self._state.sagas.get(order_id)
        held_by_another = (row is not None and row.lease is not None and row.lease.owner != lease.owner
                           and not _free(row.lease, now, inherits))
        if row is None or row.due_at is None or held_by_another:
            return False
        row.lease = lease
        return True

    async def record(self, saga: Saga, entry: LogEntry, *, lease: Lease, due_at: float | None) -> None:
        row = self._state.sagas.get(saga.order_id)
        if row is None or row.lease is None or row.lease.owner != lease.owner:
            raise LeaseLost(saga.order_id)
        self._state.sagas[saga.order_id] = SagaRow(copy.deepcopy(saga), due_at, None if saga.done else lease)
        self._state.log.setdefault(saga.order_id, []).append(entry)

    async def renew(self, order_ids: list[str], lease: Lease) -> None:
        for order_id in order_ids:
            row = self._state.sagas.get(order_id)
            if row is not None and row.lease is not None and row.lease.owner == lease.owner:
                row.lease = lease

    async def release(self, order_id: str, owner: str) -> None:
        row = self._state.sagas.get(order_id)
        if row is not None and row.lease is not None and row.lease.owner == owner:
            row.lease = None

    async def due(self, *, now: float, limit: int, inherits: str | None = None) -> list[str]:
        due = [(row.due_at, order_id) for order_id, row in self._state.sagas.items()
               if row.due_at is not None and row.due_at <= now
               and (row.lease is None or _free(row.lease, now, inherits))]
        return [order_id for _due_at, order_id in sorted(due)[:limit]]

    async def log(self, order_id: str) -> list[LogEntry]:
        return list(self._state.log.get(order_id, []))


class InMemoryRequestLog(RequestLog):
    def __init__(self, state: State) -> None:
        self._state = state

    async def find(self, key: str) -> PriorRequest | None:
        return self._state.requests.get(key)

    async def add(self, key: str, fingerprint: str, order_id: str) -> None:
        if key in self._state.requests:
            raise DuplicateRequest(key)
        self._state.requests[key] = PriorRequest(fingerprint, order_id)


class InMemoryUnitOfWork(AbstractUnitOfWork):
    """Re-usable: every ``async with`` is a new unit over the same stored state (``state``)."""

    def __init__(self) -> None:
        self.state = State()
        self.commits = 0
        self._work: State | None = None

    @property
    def published(self) -> list[OrderEvent]:
        return self.state.published

    async def __aenter__(self) -> InMemoryUnitOfWork:
        self._work = work = copy.deepcopy(self.state)
        self.orders = InMemoryOrderRepository(work)
        self.carts = InMemoryCartRepository(work)
        self.sagas = InMemorySagaRepository(work)
        self.requests = InMemoryRequestLog(work)
        return self

    async def commit(self) -> None:
        staged, self._work = self._work, None
        for key, prior in staged.requests.items():  # a twin committed the key meanwhile: nothing of this unit stays
            if key in self.state.requests and self.state.requests[key] != prior:
                raise DuplicateRequest(key)
        self.state = staged
        self.commits += 1

    async def rollback(self) -> None:
        self._work = None


def _free(lease: Lease, now: float, inherits: str | None) -> bool:
    return lease.expires_at < now or bool(inherits and lease.owner.startswith(inherits))
