"""The warehouse's use cases: reserve, confirm, release, expire, pick — and the two queries.

A hold lapses at ``expires_at`` whether or not anyone looks: the sweeper
expires lapsed holds every few seconds, and every use case that reads a
reservation or stock expires what has lapsed first, so nobody ever sees — or
is refused stock by — a hold that is already over.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TypeVar

from musiccorp.chassis.clock import Clock
from musiccorp.warehouse.domain.commands import ConfirmReservation, PickLine, ReleaseReservation, ReserveStock
from musiccorp.warehouse.domain.errors import (
    ConcurrentChange,
    ReservationMismatch,
    ReservationNotFound,
    ReservationNotHeld,
    StockNotFound,
)
from musiccorp.warehouse.domain.events import OrderPicked
from musiccorp.warehouse.domain.model import Reservation, Status
from musiccorp.warehouse.domain.picking import PickOutcome
from musiccorp.warehouse.domain.stock import StockLevel
from musiccorp.warehouse.service_layer.ports import (
    AbstractPickRepository,
    AbstractUnitOfWork,
    ReservationExists,
)

ATTEMPTS = 3  # a reservation changed meanwhile (by the sweeper, or a retried saga step): read it again
SWEEP_BATCH = 100

T = TypeVar("T")


async def _retrying(action: Callable[[], Awaitable[T]]) -> T:
    """Run ``action``, again on ConcurrentChange, up to ATTEMPTS times; the last attempt's error propagates."""
    for _ in range(ATTEMPTS - 1):
        try:
            return await action()
        except ConcurrentChange:
            continue
    return await action()


async def reserve_stock(command: ReserveStock, *, uow: AbstractUnitOfWork, clock: Clock,
                        hold_for: timedelta) -> tuple[Reservation, bool]:
    """Hold stock for the order; ``(reservation, True)`` when new, ``(the existing one, False)`` when repeated.

    The same request again (a saga step re-run) gets the reservation it made, in
    whatever state it is now; another request for the same order is refused.
    """
    requested = Reservation.hold(order_id=command.order_id, ship_to_country=command.ship_to_country,
                                 lines=command.lines, now=clock(), hold_for=hold_for)
    await expire_due_holds(uow=uow, clock=clock)  # lapsed holds must not keep their stock from this order
    for _ in range(ATTEMPTS):
        existing = await _retrying(lambda: _current(command.order_id, uow, clock))
        if existing is not None:
            if not existing.matches(requested):
                raise ReservationMismatch(command.order_id)
            return existing, False
        try:
            async with uow:
                uow.reservations.add(requested)
                await uow.commit()
        except ReservationExists:
            continue  # a concurrent twin committed first: answer as it did
        return requested, True
    raise ConcurrentChange(command.order_id)


async def confirm_reservation(command: ConfirmReservation, *, uow: AbstractUnitOfWork, clock: Clock) -> Reservation:
    """Take the held stock off the shelf and queue the picks; a confirmed reservation is returned unchanged."""

    async def confirm() -> Reservation:
        async with uow:
            reservation = await _existing(command.order_id, uow)
            lapsed = reservation.expire(clock())
            if not lapsed:
                reservation.confirm()
            await uow.commit()  # a lapsed hold returns its stock even though the confirmation fails
        if lapsed:
            raise ReservationNotHeld(command.order_id, Status.EXPIRED.value)
        return reservation

    return await _retrying(confirm)


async def release_reservation(command: ReleaseReservation, *, uow: AbstractUnitOfWork, clock: Clock) -> None:
    """Return the held stock; nothing to release (no reservation, released, expired) is not an error."""

    async def release() -> None:
        async with uow:
            reservation = await uow.reservations.get(command.order_id)
            if reservation is None:
                return
            if not reservation.expire(clock()):
                reservation.release()
            await uow.commit()

    await _retrying(release)


async def expire_due_holds(*, uow: AbstractUnitOfWork, clock: Clock, limit: int = SWEEP_BATCH) -> int:
    """Expire holds that lapsed, returning their stock; the number expired (the sweeper's job)."""
    now = clock()
    async with uow:
        due = await uow.reservations.due(now, limit=limit)
    expired = 0
    for order_id in due:
        try:
            async with uow:
                reservation = await uow.reservations.get(order_id)
                if reservation is not None and reservation.expire(now):
                    await uow.commit()
                    expired += 1
        except ConcurrentChange:
            continue  # confirmed, released or expired by someone else meanwhile: nothing left for us
    return expired


async def find_reservation(order_id: str, *, uow: AbstractUnitOfWork, clock: Clock) -> Reservation:
    reservation = await _retrying(lambda: _current(order_id, uow, clock))
    if reservation is None:
        raise ReservationNotFound(order_id)
    return reservation


async def find_stock(album_id: str, *, uow: AbstractUnitOfWork, clock: Clock) -> StockLevel:
    await expire_due_holds(uow=uow, clock=clock)
    async with uow:
        level = await uow.stock.get(album_id)
    if level is None:
        raise StockNotFound(album_id)
    return level


async def pick_line(command: PickLine, *, picks: AbstractPickRepository) -> PickOutcome:
    """Record one line as picked, once; the pick that completes the order announces it."""
    if await picks.is_picked(command.order_id, command.album_id):
        return PickOutcome.ALREADY_PICKED
    progress = await picks.add(command)
    if not progress.complete:
        return PickOutcome.PICKED
    await picks.announce(OrderPicked(command.order_id))
    return PickOutcome.ORDER_PICKED


async def _existing(order_id: str, uow: AbstractUnitOfWork) -> Reservation:
    reservation = await uow.reservations.get(order_id)
    if reservation is None:
        raise ReservationNotFound(order_id)
    return reservation


async def _current(order_id: str, uow: AbstractUnitOfWork, clock: Clock) -> Reservation | None:
    """The reservation as it is now: a lapsed hold is expired (and its stock returned) on the way."""
    async with uow:
        reservation = await uow.reservations.get(order_id)
        if reservation is not None and reservation.expire(clock()):
            await uow.commit()
    return reservation
