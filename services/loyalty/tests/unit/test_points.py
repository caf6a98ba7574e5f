"""The points rules: one per whole unit of a total, and a balance that never goes below zero."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from musiccorp.loyalty.domain.model import Entry, EntryKind, award, points_for, reversal

AT = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize("total, points", [("19.98", 19), ("20.00", 20), ("0.99", 0), ("0", 0), ("120.5", 120)])
def test_one_point_per_whole_unit_of_the_total(total, points):
    """Pence never add up to a point on one order: the total is rounded down."""
    assert points_for(Decimal(total)) == points


def test_an_award_is_an_entry_for_the_order():
    """An award names the customer, the order and the points it earned."""
    assert award(customer_id="c-1", order_id="o-1", total=Decimal("19.98"), at=AT) == Entry(
        "c-1", EntryKind.ORDER_COMPLETED, 19, AT, "o-1")


def test_a_reversal_takes_back_the_whole_award():
    """With enough points, the reversal is minus the award."""
    awarded = Entry("c-1", EntryKind.ORDER_COMPLETED, 19, AT, "o-1")
    assert reversal(awarded, balance=25, at=AT) == Entry("c-1", EntryKind.ORDER_REFUNDED, -19, AT, "o-1")


@pytest.mark.parametrize("balance, taken", [(5, -5), (0, 0), (-3, 0)])
def test_a_reversal_never_takes_the_balance_below_zero(balance, taken):
    """When fewer points remain than the order earned, the reversal takes what remains."""
    awarded = Entry("c-1", EntryKind.ORDER_COMPLETED, 19, AT, "o-1")
    assert reversal(awarded, balance=balance, at=AT).points == taken
