import pytest

from musiccorp.catalog.domain.errors import AlbumNotFound, ArtistNotFound
from musiccorp.catalog.domain.search import AlbumSearch
from musiccorp.catalog.service_layer import queries


async def test_album_is_found_with_its_tracks(repository):
    """An album comes back with its tracks in order and its total length."""
    album = await queries.find_album("album-1", repository=repository)
    assert [t.number for t in album.tracks] == [1, 2, 3]
    assert album.duration_seconds == 181 + 182 + 183


async def test_unknown_album_raises_album_not_found(repository):
    """Asking for an id the catalogue lacks raises AlbumNotFound."""
    with pytest.raises(AlbumNotFound):
        await queries.find_album("nope", repository=repository)


async def test_artist_comes_with_their_albums(repository):
    """An artist is returned with every album they made."""
    artist, albums = await queries.find_artist("artist-nina", repository=repository)
    assert artist.name == "Nina Valdés"
    assert {a.title for a in albums.items} == {"Blue River", "Night Swimmers"}


async def test_unknown_artist_raises_artist_not_found(repository):
    """Asking for an unknown artist raises ArtistNotFound."""
    with pytest.raises(ArtistNotFound):
        await queries.find_artist("nobody", repository=repository)


async def test_browse_matches_title_or_artist_case_blind(repository):
    """Search text matches album titles and artist names, ignoring case."""
    by_title = await queries.browse(AlbumSearch(text="river"), repository=repository)
    by_artist = await queries.browse(AlbumSearch(text="CATHEDRAL"), repository=repository)
    assert [a.title for a in by_title.items] == ["Blue River"]
    assert [a.title for a in by_artist.items] == ["Iron Psalms"]


async def test_browse_filters_by_genre_and_featured(repository):
    """Genre and featured filters narrow the listing."""
    metal = await queries.browse(AlbumSearch(genre="metal"), repository=repository)
    featured = await queries.browse(AlbumSearch(featured=True), repository=repository)
    assert [a.id for a in metal.items] == ["album-3"]
    assert [a.id for a in featured.items] == ["album-1"]
