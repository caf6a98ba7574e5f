"""The order's timeline, money and moments, as the storefront reads them (plain domain objects)."""

from decimal import Decimal

import pytest

from musiccorp.storefront.domain.model import Money
from musiccorp.storefront.domain.orders import Order, StatusChange, format_moment

GBP = Money(Decimal("9.99"), "GBP")


def order_through(*statuses: str, reason: str | None = None) -> Order:
    history = tuple(StatusChange(status, f"2026-11-25T10:0{n}:00+00:00") for n, status in enumerate(statuses))
    return Order(id="o-1", customer_id="c-1", status=statuses[-1], version=len(statuses), lines=(), total=GBP,
                 placed_at=history[0].at, history=history, cancellation_reason=reason)


def states(order: Order) -> list[tuple[str, str]]:
    return [(step.status, step.state) for step in order.timeline()]


def test_a_placed_order_is_at_its_first_step_with_four_to_come():
    """Placed: the first step is current, the other four pending, without times."""
    assert states(order_through("placed")) == [("placed", "current"), ("stock_reserved", "pending"),
                                               ("paid", "pending"), ("shipped", "pending"), ("completed", "pending")]
    assert [step.at for step in order_through("placed").timeline()][1:] == [None] * 4


def test_a_paid_order_has_done_what_it_passed_with_the_times():
    """Paid: the two steps before it done with their times, paid current."""
    order = order_through("placed", "stock_reserved", "paid")
    assert states(order)[:4] == [("placed", "done"), ("stock_reserved", "done"), ("paid", "current"),
                                 ("shipped", "pending")]
    assert order.timeline()[1].at == "2026-11-25T10:01:00+00:00"


def test_a_completed_order_has_every_step_done():
    """Completed is final, and every step, itself included, is done."""
    order = order_through("placed", "stock_reserved", "paid", "shipped", "completed")
    assert order.is_final and {state for _, state in states(order)} == {"done"}


def test_a_cancelled_order_shows_the_steps_it_reached_then_cancelled():
    """Cancelled after stock was reserved: placed and stock reserved done, then cancelled; no later steps."""
    order = order_through("placed", "stock_reserved", "cancelled", reason="declined")
    assert order.is_final and not order.reached("paid")
    assert states(order) == [("placed", "done"), ("stock_reserved", "done"), ("cancelled", "cancelled")]
    assert order.status_word == "cancelled"


def test_money_multiplies_adds_and_prints_in_its_currency():
    """Exact decimal arithmetic, printed with the currency's symbol; two currencies never add up."""
    assert str(GBP * 3 + GBP) == "£39.96"
    with pytest.raises(ValueError):
        GBP + Money(Decimal("1"), "EUR")


@pytest.mark.parametrize("iso, shown", [("2026-11-05T09:30:00+00:00", "5 Nov 2026, 09:30"),
                                        ("2026-11-25T10:00:00Z", "25 Nov 2026, 10:00"),
                                        ("yesterday", "yesterday"), (None, "")])
def test_moments_read_as_a_date_and_time(iso, shown):
    """ISO timestamps read as day, month, year and time; anything else shows as it came."""
    assert format_moment(iso) == shown

