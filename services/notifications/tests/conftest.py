from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from musiccorp.chassis.testing import FakeUtcClock
from musiccorp.notifications.adapters.memory import (
    FakeCustomerDirectory,
    FakeMailer,
    FakeOrderDirectory,
    InMemoryMailRepository,
)
from musiccorp.notifications.domain.model import Contact
from musiccorp.notifications.domain.orders import Money, Order, OrderLine

NOW = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
URI = "http://customers/v1/customers/c-1"


@pytest.fixture
def directory() -> FakeCustomerDirectory:
    return FakeCustomerDirectory({URI: Contact(name="Ada Lovelace", email="ada@example.com")})


@pytest.fixture
def mails() -> InMemoryMailRepository:
    return InMemoryMailRepository()


@pytest.fixture
def mailer() -> FakeMailer:
    return FakeMailer()


@pytest.fixture
def clock() -> FakeUtcClock:
    return FakeUtcClock(NOW)


ORDER_URI = "http://orders/v1/orders/o-1"


@pytest.fixture
def order() -> Order:
    """Ada's completed order: two titles, shipped."""
    return Order(id="o-1", customer_id="c-1", lines=(
        OrderLine(title="Kind of Blue", quantity=2, line_total=Money(Decimal("19.98"), "GBP")),
        OrderLine(title="Abbey Road", quantity=1, line_total=Money(Decimal("12.49"), "GBP")),
    ), total=Money(Decimal("32.47"), "GBP"), tracking_number="MC48213907562")


@pytest.fixture
def orders(order) -> FakeOrderDirectory:
    return FakeOrderDirectory({ORDER_URI: order})
