"""The shipping use cases: one plain function per command, and the two queries.

Every command is safe to repeat (ADR 0006): the saga re-runs a step after a
crash, and events arrive at least once.
"""

from __future__ import annotations

import enum
from typing import NamedTuple

from musiccorp.chassis.clock import Clock
from musiccorp.shipping.domain.commands import CancelShipment, DispatchShipment, RequestShipment
from musiccorp.shipping.domain.errors import (
    ConcurrentChange,
    ShipmentDiffers,
    ShipmentExists,
    ShipmentNotFound,
    TrackingNumberNotFound,
    TrackingNumberTaken,
)
from musiccorp.shipping.domain.model import Shipment, Status
from musiccorp.shipping.domain.tracking import is_tracking_number, tracking_number
from musiccorp.shipping.service_layer.ports import AbstractUnitOfWork

# Candidates per order before giving up: a clash is one in ten billion, a second one in a row unheard of.
TRACKING_ATTEMPTS = 5
# A cancellation that lost a race with a dispatch reads the shipment again, to answer with what happened.
CHANGE_ATTEMPTS = 3


class Requested(NamedTuple):
    shipment: Shipment
    created: bool


class Dispatch(enum.StrEnum):
    """What a picked order did to its shipment."""

    DISPATCHED = "dispatched"
    ALREADY_DISPATCHED = "already dispatched"
    UNKNOWN = "no shipment for the order"
    CANCELLED = "the shipment was cancelled"


def _repeat(existing: Shipment, command: RequestShipment) -> Shipment:
    if not existing.is_for(customer_id=command.customer_id, address=command.address, items=command.items):
        raise ShipmentDiffers(command.order_id)
    return existing


async def request_shipment(command: RequestShipment, *, uow: AbstractUnitOfWork, clock: Clock) -> Requested:
    """Create the order's shipment — or, for a repeat of the request that created it, answer with that one.

    Of two concurrent requests for one order the database keeps the first; the
    second then answers as a repeat of it (or refuses, if its details differ).
    """
    attempt = 0
    while True:
        try:
            return await _create(command, uow, clock, tracking_number(command.order_id, attempt=attempt))
        except TrackingNumberTaken:
            attempt += 1  # another order holds this candidate: take this order's next one
            if attempt == TRACKING_ATTEMPTS:
                raise
        except ShipmentExists:
            return Requested(_repeat(await find_shipment(command.order_id, uow=uow), command), created=False)


async def _create(command: RequestShipment, uow: AbstractUnitOfWork, clock: Clock, candidate: str) -> Requested:
    async with uow:
        existing = await uow.shipments.get(command.order_id)
        if existing is not None:
            return Requested(_repeat(existing, command), created=False)
        shipment = Shipment.create(order_id=command.order_id, customer_id=command.customer_id,
                                   address=command.address, items=command.items, tracking_number=candidate,
                                   at=clock())
        uow.shipments.add(shipment)
        await uow.commit()
    return Requested(shipment, created=True)


async def cancel_shipment(command: CancelShipment, *, uow: AbstractUnitOfWork, clock: Clock) -> Shipment | None:
    """Cancel the order's shipment. No shipment, or one already cancelled, is nothing to undo: a success.

    Raises ``AlreadyDispatched`` once the parcel has left.
    """
    attempt = 0
    while True:
        try:
            return await _cancel(command, uow, clock)
        except ConcurrentChange:
            attempt += 1  # a dispatch committed meanwhile: read the shipment again and answer with what is true
            if attempt == CHANGE_ATTEMPTS:
                raise


async def _cancel(command: CancelShipment, uow: AbstractUnitOfWork, clock: Clock) -> Shipment | None:
    async with uow:
        shipment = await uow.shipments.get(command.order_id)
        if shipment is None:
            return None
        shipment.cancel(at=clock())
        await uow.commit()
    return shipment


async def dispatch_shipment(command: DispatchShipment, *, uow: AbstractUnitOfWork, clock: Clock) -> Dispatch:
    """Send the picked order's parcel on its way, once; an unknown or cancelled shipment is left alone."""
    async with uow:
        shipment = await uow.shipments.get(command.order_id)
        if shipment is None:
            return Dispatch.UNKNOWN
        if shipment.status is Status.CANCELLED:
            return Dispatch.CANCELLED
        if not shipment.dispatch(at=clock()):
            return Dispatch.ALREADY_DISPATCHED
        await uow.commit()
    return Dispatch.DISPATCHED


async def find_shipment(order_id: str, *, uow: AbstractUnitOfWork) -> Shipment:
    async with uow:
        shipment = await uow.shipments.get(order_id)
    if shipment is None:
        raise ShipmentNotFound(order_id)
    return shipment


async def track(number: str, *, uow: AbstractUnitOfWork) -> Shipment:
    """The shipment with the tracking number; a mistyped number (its check digit fails) is not even looked up."""
    if not is_tracking_number(number):
        raise TrackingNumberNotFound(number)
    async with uow:
        shipment = await uow.shipments.with_tracking_number(number)
    if shipment is None:
        raise TrackingNumberNotFound(number)
    return shipment
