"""What each reservation event does to stock."""

from musiccorp.warehouse.domain.events import (
    OrderPicked,
    ReservationConfirmed,
    ReservationExpired,
    ReservationHeld,
    ReservationReleased,
)
from musiccorp.warehouse.domain.lines import Line
from musiccorp.warehouse.domain.stock import StockChange, StockLevel, stock_changes

LINES = (Line("a", 2), Line("b", 1))


def test_a_hold_reserves_each_line():
    """ReservationHeld reserves the quantity of every line, leaving on_hand alone."""
    assert stock_changes(ReservationHeld("o", LINES)) == (StockChange("a", reserved=2), StockChange("b", reserved=1))


def test_a_release_or_an_expiry_returns_what_was_reserved():
    """ReservationReleased and ReservationExpired un-reserve every line."""
    returned = (StockChange("a", reserved=-2), StockChange("b", reserved=-1))
    assert stock_changes(ReservationReleased("o", LINES)) == returned
    assert stock_changes(ReservationExpired("o", LINES)) == returned


def test_a_confirmation_takes_the_units_off_the_shelf():
    """ReservationConfirmed lowers both reserved and on_hand by each line's quantity."""
    assert stock_changes(ReservationConfirmed("o", LINES)) == (
        StockChange("a", reserved=-2, on_hand=-2), StockChange("b", reserved=-1, on_hand=-1))


def test_picking_does_not_touch_stock():
    """The units left the stock count at confirmation; OrderPicked changes nothing."""
    assert stock_changes(OrderPicked("o")) == ()


def test_available_is_on_hand_less_reserved():
    """Seven on the shelf, five held: two can be reserved."""
    assert StockLevel("a", on_hand=7, reserved=5).available == 2
