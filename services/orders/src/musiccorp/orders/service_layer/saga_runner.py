"""The saga runner: drives every unfinished checkout saga of the orders database to its end (ADR 0006).

One runs in each orders process, started with the app. It is woken in-process
when an order is placed, looks for due sagas every second (one indexed query:
a retry whose backoff has passed, a saga a dead process left), and so, on
start, resumes every unfinished saga whose lease has expired.

**One step = one remote call, then one local transaction** holding the saga's
progress, its step-log entry, the order's move and that move's event. A crash
between the two re-runs the call after the restart; every participant is
idempotent by order id, so the re-run reserves, charges or ships nothing twice.

**Leases.** A saga's row names the runner driving it and until when. A runner
claims a saga with one conditional UPDATE, renews the leases of the sagas it
drives every third of the lease (one UPDATE, only while it drives any), and each
step's record is refused once the lease is another's (``LeaseLost``). So two
processes never drive one saga at once, and one that dies hands its sagas on as
soon as their leases expire. A process started again under the same explicit
instance name (``orders-1`` under ``musiccorp up``, a pod's name) is that dead
process's heir (``inherits``): it takes back the sagas its earlier life held at
once, without waiting out their leases. Instance names are unique among live
processes, so no live runner is ever robbed.

**Crash points** — a seam for the resilience tests, inert unless the process
is configured with ``MUSICCORP_ORDERS_CRASH_POINTS_DIR``: ``checkpoint`` is
called with ``"<action>.before"`` and ``"<action>.after"`` around every call.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
from collections.abc import Awaitable, Callable

from musiccorp.chassis.clock import Clock, utc_now
from musiccorp.chassis.correlation import correlation_scope, new_correlation_id
from musiccorp.chassis.logs import get_logger
from musiccorp.orders.domain.errors import LeaseLost
from musiccorp.orders.domain.model import Order
from musiccorp.orders.domain.saga import ACTIONS, COMPENSATIONS, Done, Outcome, Refused, RetryPolicy, Saga, Unavailable
from musiccorp.orders.service_layer.ports import AbstractUnitOfWork, Lease, LogEntry, Participants

log = get_logger(__name__)

Call = Callable[[Order, Saga], Awaitable[Outcome]]


def bind(participants: Participants) -> dict[str, Call]:
    """Which port each action of the saga table calls."""
    warehouse, payments, shipping = participants.warehouse, participants.payments, participants.shipping
    calls: dict[str, Call] = {
        "reserve_stock": lambda order, saga: warehouse.reserve(order),
        "take_payment": lambda order, saga: payments.charge(order),
        "create_shipment": lambda order, saga: shipping.create_shipment(order),
        "confirm_stock": lambda order, saga: warehouse.confirm(order),
        "release_stock": lambda order, saga: warehouse.release(order),
        "refund_payment": lambda order, saga: payments.refund(order, reason=saga.reason or ""),
        "cancel_shipment": lambda order, saga: shipping.cancel_shipment(order),
    }
    assert set(calls) == set(ACTIONS), "every action of the saga table needs its call"
    return calls


def _no_checkpoint(point: str) -> None:
    """Crash points are off."""


class SagaRunner:
    """Drives sagas; also the :class:`~musiccorp.orders.service_layer.ports.SagaStarter` of its process.

    ``owner`` must be unique per process (the instance id and a random suffix); ``inherits``, when given, is the
    owner prefix of this instance's earlier lives (``"orders-1/"``), whose leases it may take at once.
    ``on_move`` is told of every order move once committed (it wakes the long-polls).
    """

    def __init__(self, *, unit_of_work: Callable[[], AbstractUnitOfWork], participants: Participants, owner: str,
                 policy: RetryPolicy | None = None, lease_seconds: float = 10.0, poll_seconds: float = 1.0,
                 max_in_flight: int = 64, checkpoint: Callable[[str], None] = _no_checkpoint,
                 clock: Clock = utc_now, on_move: Callable[[Order], None] = lambda order: None,
                 inherits: str | None = None) -> None:
        if inherits and not owner.startswith(inherits):
            raise ValueError(f"owner {owner!r} must start with {inherits!r}, the name its earlier lives had")
        self.owner = owner
        self._inherits = inherits
        self._uow = unit_of_work
        self._calls = bind(participants)
        self._policy = policy or RetryPolicy()
        self._lease_seconds = lease_seconds
        self._poll_seconds = poll_seconds
        self._max_in_flight = max_in_flight
        self._checkpoint = checkpoint
        self._clock = clock
        self._on_move = on_move
        self._slots = asyncio.Semaphore(max_in_flight)  # calls in flight at once: a bulkhead for the participants
        self._driving: dict[str, asyncio.Task[None]] = {}
        self._background: list[asyncio.Task[None]] = []

    # -- the SagaStarter port: how a newly placed order reaches this runner

    def lease(self) -> Lease:
        return Lease(self.owner, self._clock().timestamp() + self._lease_seconds)

    def started(self, order: Order, saga: Saga) -> None:
        if self._background:  # running: drive it now; otherwise any runner picks it up once the lease expires
            self._spawn(order.id, (order, saga))

    # -- lifecycle

    async def start(self) -> None:
        """Start polling (which at once resumes the sagas left unfinished) and renewing leases."""
        self._background = [asyncio.create_task(self._poll_forever(), name="saga-poll"),
                            asyncio.create_task(self._renew_forever(), name="saga-leases")]

    async def stop(self) -> None:
        """Stop driving; sagas interrupted mid-step are released, to be resumed by any runner at once."""
        interrupted = list(self._driving)
        tasks = [*self._background, *self._driving.values()]
        self._background = []
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for order_id in interrupted:
            await self._release_quietly(order_id)

    @property
    def driving(self) -> frozenset[str]:
        """The orders whose sagas this runner drives now."""
        return frozenset(self._driving)

    # -- driving one saga

    async def drive(self, order_id: str, loaded: tuple[Order, Saga] | None = None) -> None:
        """Drive the order's saga to its end, if its lease can be had; ``loaded``: placed and leased just now."""
        try:
            if loaded is None:
                loaded = await self._claim(order_id)
                if loaded is None:
                    return
            order, saga = loaded
            with correlation_scope(saga.correlation_id or new_correlation_id()):
                while not saga.done:
                    async with self._slots:
                        retry_after = await self._step(order, saga)
                    if retry_after is not None:
                        await asyncio.sleep(retry_after)  # the lease is renewed meanwhile
        except LeaseLost:
            log.warning("saga taken over by another runner", order_id=order_id)
        except Exception:
            log.exception("saga interrupted; it resumes from its last recorded step", order_id=order_id)
            await self._release_quietly(order_id)

    async def _claim(self, order_id: str) -> tuple[Order, Saga] | None:
        async with self._uow() as uow:
            if not await uow.sagas.claim(order_id, self.lease(), now=self._clock().timestamp(),
                                         inherits=self._inherits):
                return None
            saga = await uow.sagas.get(order_id)
            order = await uow.orders.get(order_id)
            await uow.commit()
        if saga is None or order is None or saga.done:
            return None
        log.info("saga resumed", order_id=order_id, action=saga.action, phase=saga.phase.value)
        return order, saga

    async def _step(self, order: Order, saga: Saga) -> float | None:
        """Run the saga's next action and record what came of it; the delay before trying again, if any."""
        action = saga.action
        self._checkpoint(f"{action}.before")
        outcome = await self._call(action, order, saga)
        self._checkpoint(f"{action}.after")
        now = self._clock()
        move = saga.record(outcome, self._policy)
        if move.advance_to is not None:
            tracking_number = outcome.tracking_number if isinstance(outcome, Done) else None
            order.advance(move.advance_to, at=now, tracking_number=tracking_number)
        elif move.cancel_because is not None:
            order.cancel(move.cancel_because, at=now)
        due = None if saga.done else now.timestamp() + (move.retry_after or 0.0)
        moved = bool(order.events)
        async with self._uow() as uow:
            # The step's result, the order's move and its event: one transaction, all or nothing.
            await uow.sagas.record(saga, LogEntry(action, outcome.kind, outcome.detail, now),
                                   lease=self.lease(), due_at=due)
            if moved:
                await uow.orders.save(order)
            await uow.commit()
        self._report(order, action, outcome, saga)
        if moved:
            self._on_move(order)
        return move.retry_after

    async def _call(self, action: str, order: Order, saga: Saga) -> Outcome:
        try:
            return await self._calls[action](order, saga)
        except Exception as exc:  # a bug or a garbled answer: count it as no answer, so the budget still applies
            log.exception("saga call failed unexpectedly", order_id=order.id, action=action)
            return Unavailable(f"{type(exc).__name__}: {exc}")

    @staticmethod
    def _report(order: Order, action: str, outcome: Outcome, saga: Saga) -> None:
        fields = {"order_id": order.id, "action": action, "outcome": outcome.kind, "detail": outcome.detail,
                  "status": order.status.value, "order_version": order.version}
        if isinstance(outcome, Refused) and action in COMPENSATIONS:
            log.error("compensation refused: undo it by hand", **fields)
        elif isinstance(outcome, Unavailable):
            log.warning("saga call unavailable", attempts=saga.attempts, **fields)
        else:
            log.info("saga step", **fields)

    # -- background work

    def _spawn(self, order_id: str, loaded: tuple[Order, Saga] | None = None) -> None:
        if order_id in self._driving:
            return
        # A context of its own: the saga's logs carry its correlation id, not the request that happened to wake it.
        task = asyncio.create_task(self.drive(order_id, loaded), name=f"saga-{order_id}", context=contextvars.Context())
        self._driving[order_id] = task
        task.add_done_callback(lambda _task: self._driving.pop(order_id, None))

    async def _poll_forever(self) -> None:
        while True:
            found = 0
            try:
                found = await self.poll()
            except Exception:
                log.exception("could not look for due sagas")
            if found < self._max_in_flight:  # a full batch: more may be waiting, look again at once
                await asyncio.sleep(self._poll_seconds)

    async def poll(self) -> int:
        """Start driving the sagas that are due and free; how many were found."""
        room = 10 * self._max_in_flight - len(self._driving)
        if room <= 0:
            return 0
        async with self._uow() as uow:
            due = await uow.sagas.due(now=self._clock().timestamp(), limit=min(room, self._max_in_flight),
                                      inherits=self._inherits)
        for order_id in due:
            self._spawn(order_id)
        return len(due)

    async def _renew_forever(self) -> None:
        while True:
            await asyncio.sleep(self._lease_seconds / 3)
            driving = list(self._driving)
            if not driving:
                continue
            try:
                async with self._uow() as uow:
                    await uow.sagas.renew(driving, self.lease())
                    await uow.commit()
            except Exception:
                log.exception("could not renew saga leases")

    async def _release_quietly(self, order_id: str) -> None:
        with contextlib.suppress(Exception):
            async with self._uow() as uow:
                await uow.sagas.release(order_id, self.owner)
                await uow.commit()
