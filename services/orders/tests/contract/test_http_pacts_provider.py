"""Provider verification of HTTP pacts: orders honours what its HTTP consumers published (practice 7.8).

The real orders app runs on a real server over the in-memory unit of work, the
catalog and the saga's participants faked; provider states put the carts,
albums and orders an interaction assumes into them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pact import Verifier

from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.chassis.testing.pacts import HTTP, provider_contracts
from musiccorp.chassis.testing.servers import serving
from musiccorp.orders.adapters.memory import FakeCatalog, InMemoryUnitOfWork, fake_participants
from musiccorp.orders.bootstrap import bootstrap
from musiccorp.orders.config import OrdersSettings
from musiccorp.orders.domain.cart import CartItem
from musiccorp.orders.domain.model import PricedAlbum, Status
from musiccorp.orders.entrypoints.api import create_app

PACTS = Path(__file__).resolve().parents[4] / "contracts" / "pacts"


@pytest.fixture
def provider(catalog: FakeCatalog):
    uow = InMemoryUnitOfWork()
    orders = bootstrap(OrdersSettings(), registry=InMemoryRegistry(), uow=lambda: uow, catalog=catalog,
                       participants=fake_participants())
    with serving(create_app(orders)) as url:
        yield url, uow


def _completed(uow: InMemoryUnitOfWork, make_order, order_id: str, customer_id: str) -> None:
    """An order that went all the way: it has every field a consumer reads, the tracking number too."""
    order = make_order(order_id, customer_id=customer_id)
    for status in (Status.STOCK_RESERVED, Status.PAID, Status.SHIPPED, Status.COMPLETED):
        order.advance(status, at=datetime.now(UTC), tracking_number="MC0C6B1F4E9D" if status is Status.SHIPPED
                      else None)
    order.events.clear()
    uow.state.orders[order.id] = order


def _states(uow: InMemoryUnitOfWork, catalog: FakeCatalog, make_order, blue_river: PricedAlbum):
    def album(album_id: str) -> PricedAlbum:
        known = catalog.albums.get(album_id) or PricedAlbum(album_id, blue_river.title, blue_river.artist,
                                                            blue_river.price)
        catalog.albums[album_id] = known
        return known

    def has_cart(action: str, parameters: dict | None = None) -> None:
        uow.state.carts.clear()
        if action == "setup":
            held = album(parameters["album_id"])
            item = CartItem(album_id=held.id, title=held.title, artist=held.artist, unit_price=held.price,
                            quantity=1)
            uow.state.carts[parameters["customer_id"]] = {held.id: (item, datetime.now(UTC))}

    def album_exists(action: str, parameters: dict | None = None) -> None:
        uow.state.carts.clear()
        if action == "setup":
            album(parameters["album_id"])

    def order_exists(action: str, parameters: dict | None = None) -> None:
        uow.state.orders.clear()
        if action == "setup":
            _completed(uow, make_order, parameters["order_id"], parameters["customer_id"])

    def has_orders(action: str, parameters: dict | None = None) -> None:
        uow.state.orders.clear()
        if action == "setup":
            _completed(uow, make_order, "0c6b1f4e-9d2a-4f6e-8a51-3b7c2d1e0f9a", parameters["customer_id"])

    return {
        "a customer has a cart": has_cart,
        "an album exists in the catalog": album_exists,
        "an order exists": order_exists,
        "the customer has orders": has_orders,
    }


def test_orders_honours_its_consumers_http_contracts(provider, catalog, make_order, blue_river, tmp_path):
    """Every HTTP interaction in every pact naming orders as provider replays green."""
    contracts = provider_contracts("orders", HTTP, contracts=PACTS, scratch=tmp_path)
    assert contracts, ("no consumer has published an HTTP contract with orders yet "
                       "(contracts/pacts/*-orders.json): storefront and notifications are expected to")
    url, uow = provider
    verifier = (Verifier("orders", host="127.0.0.1").add_transport(url=url)
                .state_handler(_states(uow, catalog, make_order, blue_river), teardown=True))
    for contract in contracts:
        verifier.add_source(contract)
    verifier.verify()
