"""The reservation's state machine: held, then confirmed, released or expired — each action idempotent where safe."""

from datetime import timedelta

import pytest

from musiccorp.warehouse.domain.destinations import Zone
from musiccorp.warehouse.domain.errors import (
    AlreadyConfirmed,
    InvalidReservation,
    ReservationNotHeld,
    UnsupportedDestination,
)
from musiccorp.warehouse.domain.events import (
    ReservationConfirmed,
    ReservationExpired,
    ReservationHeld,
    ReservationReleased,
)
from musiccorp.warehouse.domain.lines import Line
from musiccorp.warehouse.domain.model import Action, Status

ORDER = "9d2f6a4e-1c3b-4f7a-8e5d-2b6c1a0f9e84"
A, B = "album-a", "album-b"


def test_a_hold_is_held_until_the_hold_period_ends(held, clock):
    """A new reservation is held, expires HOLD from now, sorts its lines and records ReservationHeld."""
    reservation = held(Line(B, 1), Line(A, 2))
    assert (reservation.status, reservation.zone, reservation.version) == (Status.HELD, Zone.DOMESTIC, 0)
    assert reservation.expires_at == clock() + timedelta(minutes=15)
    assert reservation.lines == (Line(A, 2), Line(B, 1))
    assert reservation.events == [ReservationHeld(ORDER, (Line(A, 2), Line(B, 1)))]
    assert reservation.allowed_actions == {Action.CONFIRM, Action.RELEASE, Action.EXPIRE}


@pytest.mark.parametrize("lines, reason", [
    ((Line(A, 1), Line(A, 2)), "one line only"),
    (tuple(Line(f"album-{n}", 1) for n in range(51)), "1 to 50 lines"),
], ids=["album-twice", "too-many-lines"])
def test_lines_that_break_the_rules_are_refused(held, lines, reason):
    """An album in two lines, or more than 50 lines, is an InvalidReservation saying why."""
    with pytest.raises(InvalidReservation, match=reason):
        held(*lines)


@pytest.mark.parametrize("album_id, quantity", [("", 1), ("has space", 1), ("a" * 65, 1), (A, 0), (A, 11)])
def test_a_line_needs_an_album_id_and_one_to_ten_units(album_id, quantity):
    """A blank or malformed album id, or a quantity outside 1..10, is refused."""
    with pytest.raises(InvalidReservation):
        Line(album_id, quantity)


def test_a_country_we_do_not_ship_to_is_refused(held):
    """Brazil is not on the map: UnsupportedDestination names it."""
    with pytest.raises(UnsupportedDestination) as refused:
        held(country="BR")
    assert refused.value.country == "BR"


def test_confirming_takes_the_stock_and_is_idempotent(held):
    """held → confirmed records ReservationConfirmed once; confirming again changes nothing."""
    reservation = held()
    reservation.events.clear()
    reservation.confirm()
    reservation.confirm()
    assert reservation.status is Status.CONFIRMED
    assert reservation.events == [ReservationConfirmed(ORDER, reservation.lines)]
    assert reservation.allowed_actions == frozenset()


@pytest.mark.parametrize("end", ["release", "expire"])
def test_a_reservation_no_longer_held_cannot_be_confirmed(held, clock, end):
    """Confirming a released or expired reservation raises ReservationNotHeld naming its state."""
    reservation = held()
    if end == "release":
        reservation.release()
    else:
        clock.advance(timedelta(minutes=15))
        assert reservation.expire(clock())
    with pytest.raises(ReservationNotHeld) as refused:
        reservation.confirm()
    assert refused.value.status == reservation.status.value != "held"


def test_releasing_returns_the_stock_once(held):
    """held → released records ReservationReleased; releasing again changes nothing."""
    reservation = held()
    reservation.events.clear()
    reservation.release()
    reservation.release()
    assert reservation.status is Status.RELEASED
    assert reservation.events == [ReservationReleased(ORDER, reservation.lines)]


def test_releasing_an_expired_hold_changes_nothing(held, clock):
    """An expired hold already returned its stock: release is a no-op."""
    reservation = held()
    clock.advance(timedelta(hours=1))
    reservation.expire(clock())
    reservation.events.clear()
    reservation.release()
    assert (reservation.status, reservation.events) == (Status.EXPIRED, [])


def test_a_confirmed_reservation_cannot_be_released(held):
    """Its stock has left the shelf: AlreadyConfirmed, and the reservation stays confirmed."""
    reservation = held()
    reservation.confirm()
    with pytest.raises(AlreadyConfirmed):
        reservation.release()
    assert reservation.status is Status.CONFIRMED


def test_a_hold_expires_at_its_time_not_before(held, clock):
    """One microsecond early nothing happens; at expires_at the hold expires, once, recording ReservationExpired."""
    reservation = held()
    reservation.events.clear()
    clock.advance(timedelta(minutes=15) - timedelta(microseconds=1))
    assert not reservation.is_due(clock())
    assert not reservation.expire(clock())
    clock.advance(timedelta(microseconds=1))
    assert reservation.is_due(clock())
    assert reservation.expire(clock())
    assert not reservation.expire(clock())
    assert reservation.status is Status.EXPIRED
    assert reservation.events == [ReservationExpired(ORDER, reservation.lines)]


def test_only_a_held_reservation_expires(held, clock):
    """A confirmed reservation is past its hold for good: time passing does not expire it."""
    reservation = held()
    reservation.confirm()
    clock.advance(timedelta(days=1))
    assert not reservation.is_due(clock())
    assert not reservation.expire(clock())
    assert reservation.status is Status.CONFIRMED


def test_a_repeated_request_matches_and_another_does_not(held):
    """Same order, destination and lines (in any order) match; other lines or destination do not."""
    reservation = held(Line(A, 1), Line(B, 2))
    assert reservation.matches(held(Line(B, 2), Line(A, 1)))
    assert not reservation.matches(held(Line(A, 1), Line(B, 3)))
    assert not reservation.matches(held(Line(A, 1), Line(B, 2), country="FR"))
