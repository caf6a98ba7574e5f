from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from musiccorp.orders.adapters.memory import FakeCatalog, InMemoryUnitOfWork, fake_participants
from musiccorp.orders.bootstrap import MIGRATIONS
from musiccorp.orders.domain.model import Order, OrderLine, PricedAlbum, ShippingAddress
from musiccorp.orders.domain.money import Money
from musiccorp.orders.domain.saga import RetryPolicy

BLUE_RIVER = PricedAlbum("1f0c7d1e-8a53-5bd4-9c0e-6a8f0f3c2a11", "Blue River", "Nina Valdés", Money(999))
NIGHT_TRAIN = PricedAlbum("2a1b0c9d-8e7f-4a5b-9c6d-3e2f1a0b9c8d", "Night Train", "The Quays", Money(1250))
CUSTOMER_ID = "5b0e3f6c-3a8e-4c1b-9a43-0f5f2a1d7c10"
HARBOUR_STREET = ShippingAddress(name="Nina Valdés", line1="12 Harbour Street", city="Bristol", postcode="BS1 4DJ",
                                 country="GB")
ADDRESS_BODY = {"name": "Nina Valdés", "line1": "12 Harbour Street", "city": "Bristol", "postcode": "BS1 4DJ",
                "country": "GB"}
# Tiny waits, so a test of retries takes milliseconds; the counts are the production ones.
FAST = RetryPolicy(step_attempts=3, first_delay=0.001, max_delay=0.004)


def make_order(order_id: str = "0c6b1f4e-9d2a-4f6e-8a51-3b7c2d1e0f9a", *, customer_id: str = CUSTOMER_ID,
               lines: tuple[tuple[PricedAlbum, int], ...] = ((BLUE_RIVER, 2),)) -> Order:
    """A freshly placed order (version 1, its ``placed`` event pending)."""
    return Order.place(order_id=order_id, customer_id=customer_id, shipping_address=HARBOUR_STREET,
                       card_token="tok_visa", at=datetime(2026, 11, 25, 10, 0, tzinfo=UTC),
                       lines=[OrderLine(album.id, album.title, quantity, album.price) for album, quantity in lines])


def order_body(*, lines=((BLUE_RIVER, 2),), customer_id: str = CUSTOMER_ID, card_token: str = "tok_visa") -> dict:
    """A ``POST /v1/orders`` body."""
    return {"customer_id": customer_id, "card_token": card_token, "shipping_address": ADDRESS_BODY,
            "lines": [{"album_id": album.id, "quantity": quantity} for album, quantity in lines]}


@pytest.fixture
def migrations() -> Path:
    """The orders schema, for the chassis' ``database`` fixture."""
    return MIGRATIONS


@pytest.fixture
def catalog() -> FakeCatalog:
    return FakeCatalog([BLUE_RIVER, NIGHT_TRAIN])


@pytest.fixture
def participants():
    return fake_participants()


@pytest.fixture
def uow() -> InMemoryUnitOfWork:
    return InMemoryUnitOfWork()


@pytest.fixture
def blue_river() -> PricedAlbum:
    return BLUE_RIVER


@pytest.fixture
def night_train() -> PricedAlbum:
    return NIGHT_TRAIN


@pytest.fixture
def customer_id() -> str:
    return CUSTOMER_ID


@pytest.fixture
def address() -> ShippingAddress:
    return HARBOUR_STREET


@pytest.fixture(name="make_order")
def _make_order():
    """Make a freshly placed order: ``make_order()``, ``make_order(order_id, lines=((album, 3),))``."""
    return make_order


@pytest.fixture(name="order_body")
def _order_body():
    """Make a ``POST /v1/orders`` body: ``order_body()``, ``order_body(card_token="tok_declined")``."""
    return order_body


@pytest.fixture
def fast() -> RetryPolicy:
    """The production budget of attempts with waits of milliseconds."""
    return FAST
