"""The use cases, driven through the in-memory unit of work and a clock the test moves."""

from datetime import timedelta

import pytest

from musiccorp.warehouse.domain.commands import ConfirmReservation, ReleaseReservation, ReserveStock
from musiccorp.warehouse.domain.errors import (
    AlreadyConfirmed,
    InsufficientStock,
    ReservationMismatch,
    ReservationNotFound,
    ReservationNotHeld,
    StockNotFound,
)
from musiccorp.warehouse.domain.events import (
    ReservationConfirmed,
    ReservationExpired,
    ReservationHeld,
    ReservationReleased,
)
from musiccorp.warehouse.domain.lines import Line
from musiccorp.warehouse.domain.model import Status
from musiccorp.warehouse.domain.stock import StockLevel
from musiccorp.warehouse.service_layer import handlers

HOLD = timedelta(minutes=15)
PLENTY, FEW, LAST_COPY = ("4dafff35-5130-581c-af3f-6f10e5597d81", "b03053f5-82c9-5508-8661-2ffe2929625a",
                          "7fa957a0-aa47-5d28-8be0-388f108b207d")
ORDER, OTHER = "order-1", "order-2"


def reserve(uow, clock, *lines: Line, order_id: str = ORDER, country: str = "GB"):
    command = ReserveStock(order_id=order_id, ship_to_country=country, lines=lines or (Line(PLENTY, 2), Line(FEW, 1)))
    return handlers.reserve_stock(command, uow=uow, clock=clock, hold_for=HOLD)


async def test_reserving_holds_the_stock_and_publishes_held(uow, clock):
    """A new reservation is stored held; its lines' units are reserved; ReservationHeld is published."""
    reservation, created = await reserve(uow, clock)
    assert created and reservation.status is Status.HELD
    assert uow.levels[PLENTY] == StockLevel(PLENTY, on_hand=20, reserved=2)
    assert uow.levels[FEW] == StockLevel(FEW, on_hand=3, reserved=1)
    assert uow.published == [ReservationHeld(ORDER, reservation.lines)]


async def test_the_same_reservation_again_answers_with_the_first_and_holds_nothing_more(uow, clock):
    """A repeated PUT (lines in another order) returns the existing reservation, not created, stock held once."""
    first, _ = await reserve(uow, clock, Line(PLENTY, 2), Line(FEW, 1))
    again, created = await reserve(uow, clock, Line(FEW, 1), Line(PLENTY, 2))
    assert not created
    assert (again.order_id, again.lines, again.expires_at) == (first.order_id, first.lines, first.expires_at)
    assert uow.levels[PLENTY].reserved == 2
    assert len(uow.published) == 1


@pytest.mark.parametrize("lines, country", [((Line(PLENTY, 3),), "GB"), ((Line(PLENTY, 2), Line(FEW, 1)), "FR")],
                         ids=["other-lines", "other-destination"])
async def test_another_reservation_for_the_same_order_is_a_mismatch(uow, clock, lines, country):
    """The same order id with other lines or another destination raises ReservationMismatch; nothing changes."""
    await reserve(uow, clock)
    with pytest.raises(ReservationMismatch):
        await reserve(uow, clock, *lines, country=country)
    assert uow.levels[PLENTY].reserved == 2


async def test_not_enough_stock_holds_nothing_at_all(uow, clock):
    """One short line refuses the whole reservation: InsufficientStock names it; no line is held."""
    with pytest.raises(InsufficientStock) as refused:
        await reserve(uow, clock, Line(PLENTY, 2), Line(FEW, 4))
    assert (refused.value.album_id, refused.value.requested, refused.value.available) == (FEW, 4, 3)
    assert (uow.levels[PLENTY].reserved, uow.levels[FEW].reserved, uow.stored, uow.published) == (0, 0, {}, [])


async def test_an_album_the_warehouse_does_not_stock_is_insufficient_stock(uow, clock):
    """An album with no stock row has nothing available."""
    with pytest.raises(InsufficientStock) as refused:
        await reserve(uow, clock, Line("never-stocked", 1))
    assert refused.value.available == 0


async def test_the_sweep_expires_lapsed_holds_and_returns_their_stock(uow, clock):
    """After the hold period expire_due_holds expires the hold, returns its units and publishes ReservationExpired."""
    reservation, _ = await reserve(uow, clock)
    assert await handlers.expire_due_holds(uow=uow, clock=clock) == 0
    clock.advance(HOLD)
    assert await handlers.expire_due_holds(uow=uow, clock=clock) == 1
    assert await handlers.expire_due_holds(uow=uow, clock=clock) == 0
    assert uow.stored[ORDER].status is Status.EXPIRED
    assert (uow.levels[PLENTY].reserved, uow.levels[FEW].reserved) == (0, 0)
    assert uow.published[-1] == ReservationExpired(ORDER, reservation.lines)


async def test_reading_a_lapsed_hold_expires_it(uow, clock):
    """Without any sweep, GET of a lapsed hold answers expired and its stock has returned."""
    await reserve(uow, clock)
    clock.advance(HOLD + timedelta(seconds=1))
    assert (await handlers.find_reservation(ORDER, uow=uow, clock=clock)).status is Status.EXPIRED
    assert uow.levels[PLENTY].reserved == 0


async def test_a_new_reservation_gets_the_stock_of_a_lapsed_hold(uow, clock):
    """The last copy, held by a lapsed hold nobody swept, goes to the next order."""
    await reserve(uow, clock, Line(LAST_COPY, 1))
    clock.advance(HOLD)
    reservation, created = await reserve(uow, clock, Line(LAST_COPY, 1), order_id=OTHER)
    assert created and reservation.status is Status.HELD
    assert uow.stored[ORDER].status is Status.EXPIRED
    assert uow.levels[LAST_COPY] == StockLevel(LAST_COPY, on_hand=1, reserved=1)


async def test_confirming_takes_the_units_off_the_shelf_once(uow, clock):
    """Confirmation lowers on_hand and reserved by each line; confirming again changes nothing."""
    reservation, _ = await reserve(uow, clock)
    for _ in range(2):
        confirmed = await handlers.confirm_reservation(ConfirmReservation(ORDER), uow=uow, clock=clock)
        assert confirmed.status is Status.CONFIRMED
    assert uow.levels[PLENTY] == StockLevel(PLENTY, on_hand=18, reserved=0)
    assert uow.published[1:] == [ReservationConfirmed(ORDER, reservation.lines)]
    assert uow.pick_lists[ORDER].lines == reservation.lines


async def test_confirming_a_lapsed_hold_expires_it_and_is_refused(uow, clock):
    """A confirmation after the hold period: the hold expires (stock returned) and ReservationNotHeld says expired."""
    await reserve(uow, clock)
    clock.advance(HOLD)
    with pytest.raises(ReservationNotHeld) as refused:
        await handlers.confirm_reservation(ConfirmReservation(ORDER), uow=uow, clock=clock)
    assert refused.value.status == "expired"
    assert uow.stored[ORDER].status is Status.EXPIRED
    assert uow.levels[PLENTY] == StockLevel(PLENTY, on_hand=20, reserved=0)


async def test_confirming_a_released_reservation_is_refused(uow, clock):
    """ReservationNotHeld says released; stock stays as the release left it."""
    await reserve(uow, clock)
    await handlers.release_reservation(ReleaseReservation(ORDER), uow=uow, clock=clock)
    with pytest.raises(ReservationNotHeld, match="released"):
        await handlers.confirm_reservation(ConfirmReservation(ORDER), uow=uow, clock=clock)
    assert uow.levels[PLENTY] == StockLevel(PLENTY, on_hand=20, reserved=0)


async def test_releasing_twice_returns_the_stock_once(uow, clock):
    """Two releases: the units return once, ReservationReleased is published once."""
    reservation, _ = await reserve(uow, clock)
    for _ in range(2):
        await handlers.release_reservation(ReleaseReservation(ORDER), uow=uow, clock=clock)
    assert (uow.levels[PLENTY].reserved, uow.levels[FEW].reserved) == (0, 0)
    assert uow.published[1:] == [ReservationReleased(ORDER, reservation.lines)]


async def test_releasing_nothing_is_not_an_error(uow, clock):
    """A release for an order that was never reserved succeeds and commits nothing."""
    await handlers.release_reservation(ReleaseReservation("never-reserved"), uow=uow, clock=clock)
    assert (uow.commits, uow.published) == (0, [])


async def test_releasing_a_confirmed_reservation_is_refused(uow, clock):
    """AlreadyConfirmed: the stock has left the shelf and stays gone."""
    await reserve(uow, clock)
    await handlers.confirm_reservation(ConfirmReservation(ORDER), uow=uow, clock=clock)
    with pytest.raises(AlreadyConfirmed):
        await handlers.release_reservation(ReleaseReservation(ORDER), uow=uow, clock=clock)
    assert uow.levels[PLENTY] == StockLevel(PLENTY, on_hand=18, reserved=0)


async def test_unknown_reservations_and_albums_are_not_found(uow, clock):
    """GET or confirm of an order never reserved, and stock of an album never stocked, raise *NotFound."""
    with pytest.raises(ReservationNotFound):
        await handlers.find_reservation("nope", uow=uow, clock=clock)
    with pytest.raises(ReservationNotFound):
        await handlers.confirm_reservation(ConfirmReservation("nope"), uow=uow, clock=clock)
    with pytest.raises(StockNotFound):
        await handlers.find_stock("never-stocked", uow=uow, clock=clock)


async def test_stock_read_after_a_lapse_counts_the_units_as_available_again(uow, clock):
    """GET stock expires lapsed holds first, so a lapsed hold never shows as reserved."""
    await reserve(uow, clock, Line(LAST_COPY, 1))
    assert (await handlers.find_stock(LAST_COPY, uow=uow, clock=clock)).available == 0
    clock.advance(HOLD)
    assert (await handlers.find_stock(LAST_COPY, uow=uow, clock=clock)).available == 1
