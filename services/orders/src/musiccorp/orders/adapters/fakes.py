"""Fakes of the catalog and of the saga's participants, for tests and for running orders without its neighbours.

They behave as the real services promise to (ADR 0006): every call is
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
from collections import Counter, defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass

from musiccorp.orders.domain.errors import CatalogUnavailable
from musiccorp.orders.domain.model import Order, PricedAlbum
from musiccorp.orders.domain.saga import Done, Outcome
from musiccorp.orders.service_layer.ports import Catalog, Participants, Payments, Shipping, Warehouse


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
