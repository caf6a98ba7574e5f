from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from musiccorp.catalog.adapters.memory import InMemoryCatalogRepository
from musiccorp.catalog.bootstrap import MIGRATIONS
from musiccorp.catalog.domain.model import Album, AlbumSummary, Artist, Money, Track

NINA = Artist(id="artist-nina", name="Nina Valdés", country="ES", formed=1990, bio="Sings.")
COLD = Artist(id="artist-cold", name="Cold Cathedral", country="NO", formed=1994, bio="Loud.")


def make_album(album_id: str, title: str, artist: Artist, *, genre: str = "jazz", year: int = 2001,
               featured: bool = False, tracks: int = 3) -> Album:
    return Album(
        summary=AlbumSummary(id=album_id, title=title, artist_id=artist.id, artist_name=artist.name, year=year,
                             genre=genre, price=Money(Decimal("9.99"), "GBP"), cover_hue=200),
        label="Harbour Records", featured=featured,
        tracks=tuple(Track(n, f"Track {n}", 180 + n) for n in range(1, tracks + 1)),
    )


@pytest.fixture
def migrations() -> Path:
    """The catalogue's schema and its shipped albums, for the chassis' ``database`` fixture."""
    return MIGRATIONS


@pytest.fixture
def build_album():
    """Make an album of a test artist: ``build_album(id, title, artist, genre=..., featured=...)``."""
    return make_album


@pytest.fixture
def nina() -> Artist:
    return NINA


@pytest.fixture
def albums() -> list[Album]:
    return [
        make_album("album-1", "Blue River", NINA, featured=True),
        make_album("album-2", "Night Swimmers", NINA, year=2005),
        make_album("album-3", "Iron Psalms", COLD, genre="metal", year=1999),
    ]


@pytest.fixture
def repository(albums) -> InMemoryCatalogRepository:
    return InMemoryCatalogRepository(artists=[NINA, COLD], albums=albums)
