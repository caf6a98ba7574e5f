from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.storefront.adapters.fake_accounts import FakeCustomers, FakeLoyalty, FakeNotifications
from musiccorp.storefront.adapters.fake_catalog import FakeCatalog
from musiccorp.storefront.bootstrap import bootstrap
from musiccorp.storefront.config import StorefrontSettings
from musiccorp.storefront.domain.model import AlbumCard, AlbumDetail, Track
from musiccorp.storefront.entrypoints.web import create_app


def make_album(album_id: str, title: str, artist: str, *, genre: str = "jazz") -> AlbumDetail:
    card = AlbumCard(id=album_id, title=title, artist_id=f"artist-{artist}", artist_name=artist, year=1999,
                     genre=genre, price="£9.99", cover_hue=120)
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
def shop(catalog, customers, loyalty, notifications):
    return bootstrap(StorefrontSettings(), catalog=catalog, customers=customers, loyalty=loyalty,
                     notifications=notifications, registry=InMemoryRegistry())


@pytest.fixture
def client(shop):
    with TestClient(create_app(shop), raise_server_exceptions=False) as client:
        yield client
