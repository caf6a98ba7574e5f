"""In-memory orders, and fakes of the catalog and the saga's participants: for unit tests, the API's tests
without a database, and running orders without its neighbours.

:class:`InMemoryUnitOfWork` keeps the promises of the real one: whatever a unit
reads is a copy, so an uncommitted change is lost; a commit is all or nothing;
an Idempotency-Key is recorded once; a saga's lease is taken and checked as the
SQL store does. ``published`` lists every committed order event, in order.

The fakes behave as the real services promise to (ADR 0006): every call is
idempotent by order id — a second reservation of an order holds nothing more,
a second charge with the same key takes nothing more, undoing what is not there
is done. ``journal`` lists every call as ``(action, order_id)``, shared by the
three when they are made together by :func:`fake_participants`.

A test scripts what the next calls of an action answer with :meth:`will`:

>>> payments.will("take_payment", Refused("Your card was declined"))  # doctest: +SKIP
>>> payments.will("take_payment", TookEffect(Unavailable("timeout")))  # charged; the answer lost  # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
import copy
from collections import Counter, defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from musiccorp.orders.domain.cart import Cart, CartItem
from musiccorp.orders.domain.errors import CatalogUnavailable, ConcurrentChange, DuplicateRequest, LeaseLost
from musiccorp.orders.domain.events import OrderEvent
from musiccorp.orders.domain.model import Order, PricedAlbum
from musiccorp.orders.domain.saga import Done, Outcome, Saga
from musiccorp.orders.service_layer.ports import (
    AbstractUnitOfWork,
    CartRepository,
    Catalog,
    Lease,
    LogEntry,
    Move,
    OrderRepository,
    Participants,
    Payments,
    PriorRequest,
    RequestLog,
    SagaRepository,
    Shipping,
    Warehouse,
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
        super().__init__()
        self._state = state

    async def add(self, order: Order) -> None:
        self._state.orders[order.id] = self._stored(order)

    async def save(self, order: Order) -> None:
        current = self._state.orders.get(order.id)
        if current is None or current.version != order.version - len(order.events):
            raise ConcurrentChange(order.id)
        self._state.orders[order.id] = self._stored(order)

    def _stored(self, order: Order) -> Order:
        self._moved(order)
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

    async def _commit(self, moves: list[Move]) -> None:
        staged, self._work = self._work, None
        for key, prior in staged.requests.items():  # a twin committed the key meanwhile: nothing of this unit stays
            if key in self.state.requests and self.state.requests[key] != prior:
                raise DuplicateRequest(key)
        staged.published.extend(event for _order, event in moves)
        self.state = staged
        self.commits += 1

    async def rollback(self) -> None:
        self._work = None


def _free(lease: Lease, now: float, inherits: str | None) -> bool:
    return lease.expires_at < now or bool(inherits and lease.owner.startswith(inherits))


class FakeCatalog(Catalog):
    def __init__(self, albums: list[PricedAlbum] | None = None) -> None:
        self.albums = {album.id: album for album in albums or ()}
        self.available = True
        self.requests: list[str] = []

    async def album(self, album_id: str) -> PricedAlbum | None:
        self.requests.append(album_id)
        if not self.available:
            raise CatalogUnavailable("catalog: connection refused (fake)")
        return self.albums.get(album_id)


@dataclass(frozen=True, slots=True)
class TookEffect:
    """A scripted answer given *after* the call took effect: a timeout whose request landed."""

    outcome: Outcome


Answer = Outcome | TookEffect | BaseException


class _Participant:
    def __init__(self, journal: list[tuple[str, str]] | None = None, *, latency: float = 0.0) -> None:
        self.journal = journal if journal is not None else []
        self.latency = latency
        self._scripts: dict[str, deque[Answer]] = defaultdict(deque)
        self._in_flight: Counter[tuple[str, str]] = Counter()
        self.overlaps = 0  # calls of one action for one order made while another was still in flight

    def will(self, action: str, *answers: Answer) -> None:
        """The next calls of ``action`` answer these, in turn; after them, the service behaves normally."""
        self._scripts[action].extend(answers)

    async def _answer(self, action: str, order: Order, effect: Callable[[], Outcome]) -> Outcome:
        call = (action, order.id)
        self.journal.append(call)
        if self._in_flight[call]:
            self.overlaps += 1
        self._in_flight[call] += 1
        try:
            if self.latency:
                await asyncio.sleep(self.latency)
            script = self._scripts[action]
            if not script:
                return effect()
            answer = script.popleft()
            if isinstance(answer, BaseException):
                raise answer
            if isinstance(answer, TookEffect):
                effect()
                return answer.outcome
            return answer
        finally:
            self._in_flight[call] -= 1


class FakeWarehouse(_Participant, Warehouse):
    def __init__(self, journal: list[tuple[str, str]] | None = None, *, latency: float = 0.0) -> None:
        super().__init__(journal, latency=latency)
        self.reservations: dict[str, str] = {}  # order id -> held | confirmed | released

    async def reserve(self, order: Order) -> Outcome:
        def reserve() -> Outcome:
            self.reservations.setdefault(order.id, "held")  # the same order again holds nothing more
            return Done()

        return await self._answer("reserve_stock", order, reserve)

    async def confirm(self, order: Order) -> Outcome:
        def confirm() -> Outcome:
            self.reservations[order.id] = "confirmed"
            return Done()

        return await self._answer("confirm_stock", order, confirm)

    async def release(self, order: Order) -> Outcome:
        def release() -> Outcome:
            if order.id in self.reservations:
                self.reservations[order.id] = "released"
            return Done()

        return await self._answer("release_stock", order, release)


class FakePayments(_Participant, Payments):
    def __init__(self, journal: list[tuple[str, str]] | None = None, *, latency: float = 0.0) -> None:
        super().__init__(journal, latency=latency)
        self.captured: Counter[str] = Counter()  # order id -> charges actually taken (1 at most, by idempotency)
        self.refunded: Counter[str] = Counter()  # order id -> refunds actually given
        self.keys: list[str] = []  # the Idempotency-Key of every request, in order

    async def charge(self, order: Order) -> Outcome:
        self.keys.append(f"charge-{order.id}")

        def capture() -> Outcome:
            if not self.captured[order.id]:  # the same key again is answered from the first charge
                self.captured[order.id] += 1
            return Done()

        return await self._answer("take_payment", order, capture)

    async def refund(self, order: Order, *, reason: str) -> Outcome:
        self.keys.append(f"refund-{order.id}")

        def refund() -> Outcome:
            if self.captured[order.id] and not self.refunded[order.id]:
                self.refunded[order.id] += 1
            return Done()  # nothing to refund is done too

        return await self._answer("refund_payment", order, refund)


class FakeShipping(_Participant, Shipping):
    def __init__(self, journal: list[tuple[str, str]] | None = None, *, latency: float = 0.0) -> None:
        super().__init__(journal, latency=latency)
        self.shipments: dict[str, str] = {}  # order id -> awaiting_pick | cancelled

    async def create_shipment(self, order: Order) -> Outcome:
        def create() -> Outcome:
            self.shipments.setdefault(order.id, "awaiting_pick")
            return Done(tracking_number=f"MC{order.id[:8].upper()}")

        return await self._answer("create_shipment", order, create)

    async def cancel_shipment(self, order: Order) -> Outcome:
        def cancel() -> Outcome:
            if order.id in self.shipments:
                self.shipments[order.id] = "cancelled"
            return Done()

        return await self._answer("cancel_shipment", order, cancel)


def fake_participants(*, latency: float = 0.0) -> Participants:
    """A warehouse, payments and shipping sharing one journal."""
    journal: list[tuple[str, str]] = []
    return Participants(warehouse=FakeWarehouse(journal, latency=latency),
                        payments=FakePayments(journal, latency=latency),
                        shipping=FakeShipping(journal, latency=latency))
