"""The catalogue on real databases: SQLite (the embedded default) and PostgreSQL (production)."""

import json

import pytest

from musiccorp.catalog.adapters.read_model import CatalogReadModel
from musiccorp.catalog.adapters.repository import SqlCatalogRepository
from musiccorp.catalog.bootstrap import MIGRATIONS
from musiccorp.catalog.domain.search import AlbumSearch


def load_seed() -> dict:
    """The shipped catalogue: the data migration 0002 loads into a fresh database."""
    return json.loads((MIGRATIONS / "versions" / "0002_seed_catalogue.json").read_text("utf-8"))


@pytest.fixture(params=["sql", "read-model"])
async def repository(request, database):
    """The SQL repository, and the in-memory read model built from it: both must answer alike."""
    repository = SqlCatalogRepository(database.engine)
    if request.param == "read-model":
        repository = CatalogReadModel(repository)
        await repository.refresh()
    return repository


async def test_migrations_load_the_shipped_catalogue(repository):
    """A fresh database holds every album of the shipped seed file (at least 200)."""
    seed = load_seed()
    everything = await repository.search(AlbumSearch(size=1))
    assert everything.total == len(seed["albums"]) >= 200


async def test_album_comes_back_with_tracks_in_order(repository):
    """An album read from the database matches the seed, tracks in order."""
    expected = load_seed()["albums"][0]
    album = await repository.get_album(expected["id"])
    assert album.summary.title == expected["title"]
    assert f"{album.summary.price.amount:.2f}" == expected["price"]["amount"]
    assert [t.title for t in album.tracks] == [t["title"] for t in expected["tracks"]]


async def test_unknown_album_is_none(repository):
    """A missing id reads as None, not an error."""
    assert await repository.get_album("no-such-album") is None


async def test_search_by_word_is_case_blind_and_paged(repository):
    """Searching a common title word finds every album with it, page by page."""
    seed = load_seed()
    expected = sorted(a["id"] for a in seed["albums"] if "river" in a["title"].lower()
                      or "river" in next(x["name"] for x in seed["artists"] if x["id"] == a["artist_id"]).lower())
    first = await repository.search(AlbumSearch(text="RIVER", size=5))
    assert first.total == len(expected) > 5
    rest = await repository.search(AlbumSearch(text="river", size=5, page=2))
    assert not {a.id for a in first.items} & {a.id for a in rest.items}


async def test_genre_filter_returns_only_that_genre(repository):
    """A genre filter returns albums of that genre only, all of them."""
    seed = load_seed()
    jazz = await repository.search(AlbumSearch(genre="jazz", size=100))
    assert jazz.total == sum(1 for a in seed["albums"] if a["genre"] == "jazz")
    assert {a.genre for a in jazz.items} == {"jazz"}


async def test_featured_albums_are_the_twelve_marked_in_the_seed(repository):
    """featured=true lists the albums the seed marks as featured."""
    featured = await repository.search(AlbumSearch(featured=True, size=50))
    assert featured.total == 12
