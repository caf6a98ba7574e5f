"""A reservation: stock held for an order while the checkout saga runs (ADR 0006, practice 4.9).

A reservation is an explicit state machine::

    held ──confirm──▶ confirmed     (the stock leaves the shelf for good; picking starts)
    held ──release──▶ released      (the saga compensates: the stock returns)
    held ──expire───▶ expired       (nobody confirmed within the hold: the stock returns)

:data:`TRANSITIONS` is the whole of it. The saga re-runs steps after a crash, so
every action is idempotent where that is safe: confirming a confirmed
reservation, or releasing one that is released or expired, changes nothing.
Releasing a confirmed reservation is refused — its stock is already on its way
to the packing bench — and so is confirming one that is no longer held.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from types import MappingProxyType

from musiccorp.warehouse.domain.destinations import Zone, zone_for
from musiccorp.warehouse.domain.errors import AlreadyConfirmed, InvalidReservation, ReservationNotHeld
from musiccorp.warehouse.domain.events import (
    DomainEvent,
    ReservationConfirmed,
    ReservationExpired,
    ReservationHeld,
    ReservationReleased,
)
from musiccorp.warehouse.domain.lines import Line, is_id, lines_of


class Status(StrEnum):
    HELD = "held"
    CONFIRMED = "confirmed"
    RELEASED = "released"
    EXPIRED = "expired"


class Action(StrEnum):
    CONFIRM = "confirm"
    RELEASE = "release"
    EXPIRE = "expire"


TRANSITIONS = MappingProxyType({
    (Status.HELD, Action.CONFIRM): Status.CONFIRMED,
    (Status.HELD, Action.RELEASE): Status.RELEASED,
    (Status.HELD, Action.EXPIRE): Status.EXPIRED,
})


@dataclass(eq=False)
class Reservation:
    """The aggregate. Every change appends its domain event to ``events``; the unit of work stores both."""

    order_id: str
    ship_to_country: str
    zone: Zone
    lines: tuple[Line, ...]
    expires_at: datetime
    status: Status = Status.HELD
    version: int = 0
    events: list[DomainEvent] = field(default_factory=list, repr=False)

    @classmethod
    def hold(cls, *, order_id: str, ship_to_country: str, lines: tuple[Line, ...] | list[Line], now: datetime,
             hold_for: timedelta) -> Reservation:
        """A new hold on ``lines`` for ``hold_for``; the stock is taken when the unit of work commits."""
        if not is_id(order_id):
            raise InvalidReservation(f"{order_id!r} is not an order id")
        reservation = cls(order_id=order_id, ship_to_country=ship_to_country, zone=zone_for(ship_to_country),
                          lines=lines_of(lines), expires_at=now + hold_for)
        reservation.events.append(ReservationHeld(order_id, reservation.lines))
        return reservation

    def matches(self, other: Reservation) -> bool:
        """True when ``other`` asks for what this reservation holds: a repeated PUT, not a different one."""
        return (self.order_id, self.ship_to_country, self.lines) == (other.order_id, other.ship_to_country,
                                                                     other.lines)

    @property
    def allowed_actions(self) -> frozenset[Action]:
        return frozenset(action for state, action in TRANSITIONS if state is self.status)

    def is_due(self, now: datetime) -> bool:
        """True when the hold has lapsed but nobody has expired it yet."""
        return self.status is Status.HELD and now >= self.expires_at

    def expire(self, now: datetime) -> bool:
        """Expire the hold if it has lapsed; True when it did, so its stock returns."""
        if not self.is_due(now):
            return False
        self.status = self._transition(Action.EXPIRE)
        self.events.append(ReservationExpired(self.order_id, self.lines))
        return True

    def confirm(self) -> None:
        """Take the held stock off the shelf for good; nothing happens when already confirmed."""
        if self.status is Status.CONFIRMED:
            return
        if (self.status, Action.CONFIRM) not in TRANSITIONS:
            raise ReservationNotHeld(self.order_id, self.status.value)
        self.status = self._transition(Action.CONFIRM)
        self.events.append(ReservationConfirmed(self.order_id, self.lines))

    def release(self) -> None:
        """Return the held stock; nothing happens when there is nothing (any more) to release."""
        if self.status is Status.CONFIRMED:
            raise AlreadyConfirmed(self.order_id)
        if self.status is not Status.HELD:
            return
        self.status = self._transition(Action.RELEASE)
        self.events.append(ReservationReleased(self.order_id, self.lines))

    def _transition(self, action: Action) -> Status:
        return TRANSITIONS[(self.status, action)]
