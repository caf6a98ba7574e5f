from __future__ import annotations

from decimal import Decimal

import pytest
from starlette.testclient import TestClient

from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.storefront.adapters.memory import (
    FakeCatalog,
    FakeCustomers,
    FakeLoyalty,
    FakeNotifications,
    FakeOrders,
)
from musiccorp.storefront.bootstrap import bootstrap
from musiccorp.storefront.config import StorefrontSettings
from musiccorp.storefront.domain.customers import CustomerView, PostalAddress
from musiccorp.storefront.domain.model import AlbumCard, AlbumDetail, Money, Track
from musiccorp.storefront.domain.orders import Order, OrderLine, ShippingAddress, StatusChange
from musiccorp.storefront.entrypoints.api import create_app

ADA_ID = "5b1d2c4e-2f0a-4c55-9f7e-3c1f6f4b8a21"
GRACE_ID = "9c0a7e52-6d1b-4f3e-8a2d-1b5e7c9f0a34"


def make_album(album_id: str, title: str, artist: str, *, genre: str = "jazz") -> AlbumDetail:
    card = AlbumCard(id=album_id, title=title, artist_id=f"artist-{artist}", artist_name=artist, year=1999,
                     genre=genre, price=Money(Decimal("9.99"), "GBP"), cover_hue=120)
    return AlbumDetail(card=card, label="Harbour Records",
                       tracks=(Track(1, "Opening", 200), Track(2, "Closing", 3700)))


@pytest.fixture
def catalog() -> FakeCatalog:
    albums = [make_album(f"album-{n}", f"Blue Song {n}", "Nina Valdés") for n in range(1, 31)]
    albums.append(make_album("album-metal", "Iron Psalms", "Cold Cathedral", genre="metal"))
    return FakeCatalog(albums, featured=["album-1", "album-metal"])


@pytest.fixture
def customers() -> FakeCustomers:
    return FakeCustomers()


@pytest.fixture
def loyalty() -> FakeLoyalty:
    return FakeLoyalty()


@pytest.fixture
def notifications() -> FakeNotifications:
    return FakeNotifications()


@pytest.fixture
def orders(catalog) -> FakeOrders:
    return FakeOrders(catalog)


@pytest.fixture
def shop(catalog, customers, loyalty, notifications, orders):
    return bootstrap(StorefrontSettings(), catalog=catalog, customers=customers, loyalty=loyalty,
                     notifications=notifications, orders=orders, registry=InMemoryRegistry())


@pytest.fixture
def client(shop):
    with TestClient(create_app(shop), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def ada(customers) -> str:
    """A registered customer, Ada (ada@example.com), who is not signed in yet: her id."""
    customers.customers[ADA_ID] = CustomerView(
        id=ADA_ID, name="Ada Lovelace", email="ada@example.com", status="active",
        address=PostalAddress(line1="12 St James's Square", city="London", postcode="SW1Y 4JH", country="GB"))
    customers.customers[GRACE_ID] = CustomerView(
        id=GRACE_ID, name="Grace Hopper", email="grace@example.com", status="active",
        address=PostalAddress(line1="1 Navy Yard", city="Arlington", postcode="22202", country="US"))
    return ADA_ID


@pytest.fixture
def sign_in(client, ada):
    """Sign a customer in through the sign-in page: ``sign_in()`` for Ada, ``sign_in("grace@example.com")``."""
    def sign_in(email: str = "ada@example.com", next_path: str = ""):
        return client.post("/sign-in", data={"email": email, "next": next_path}, follow_redirects=False)
    return sign_in


@pytest.fixture
def make_order(orders):
    """Put an order in the fake orders service: ``make_order(ADA_ID)``, placed at ``placed_at``."""
    def make_order(customer_id: str, *, order_id: str | None = None,
                   placed_at: str = "2026-11-25T10:00:00+00:00") -> Order:
        price = Money(Decimal("9.99"), "GBP")
        order = Order(
            id=order_id or f"order-{len(orders.orders) + 1}", customer_id=customer_id, status="placed", version=1,
            lines=(OrderLine("album-1", "Blue Song 1", 2, price, price * 2),), total=price * 2, placed_at=placed_at,
            history=(StatusChange("placed", placed_at),),
            shipping_address=ShippingAddress(name="Ada Lovelace", line1="12 St James's Square", city="London",
                                             postcode="SW1Y 4JH", country="GB"))
        orders.orders[order.id] = order
        return order
    return make_order
