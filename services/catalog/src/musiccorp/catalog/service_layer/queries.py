"""The catalogue's use cases: browse, look up an album, look up an artist."""

from __future__ import annotations

from musiccorp.catalog.domain.errors import AlbumNotFound, ArtistNotFound
from musiccorp.catalog.domain.model import Album, AlbumSummary, Artist
from musiccorp.catalog.domain.search import AlbumSearch, Page
from musiccorp.catalog.service_layer.ports import AbstractCatalogRepository


async def find_album(album_id: str, *, repository: AbstractCatalogRepository) -> Album:
    album = await repository.get_album(album_id)
    if album is None:
        raise AlbumNotFound(album_id)
    return album


async def find_artist(artist_id: str, *, repository: AbstractCatalogRepository) -> tuple[Artist, Page[AlbumSummary]]:
    artist = await repository.get_artist(artist_id)
    if artist is None:
        raise ArtistNotFound(artist_id)
    albums = await repository.search(AlbumSearch(artist_id=artist_id, size=100))
    return artist, albums


async def browse(search: AlbumSearch, *, repository: AbstractCatalogRepository) -> Page[AlbumSummary]:
    return await repository.search(search)
