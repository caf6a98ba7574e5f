"""An in-memory catalogue: the fake repository for unit tests and contract tests."""

from __future__ import annotations

from musiccorp.catalog.domain.model import Album, AlbumSummary, Artist
from musiccorp.catalog.domain.search import AlbumSearch, Page
from musiccorp.catalog.service_layer.ports import AbstractCatalogRepository


class InMemoryCatalogRepository(AbstractCatalogRepository):
    def __init__(self, *, artists: list[Artist] = (), albums: list[Album] = ()) -> None:
        self.artists = {artist.id: artist for artist in artists}
        self.albums = {album.id: album for album in albums}

    async def get_album(self, album_id: str) -> Album | None:
        return self.albums.get(album_id)

    async def get_artist(self, artist_id: str) -> Artist | None:
        return self.artists.get(artist_id)

    def _matches(self, album: Album, search: AlbumSearch) -> bool:
        summary = album.summary
        if search.text:
            needle = search.text.casefold()
            if needle not in summary.title.casefold() and needle not in summary.artist_name.casefold():
                return False
        return ((search.genre is None or summary.genre == search.genre)
                and (search.artist_id is None or summary.artist_id == search.artist_id)
                and (search.featured is None or album.featured == search.featured))

    async def search(self, search: AlbumSearch) -> Page[AlbumSummary]:
        found = sorted((a.summary for a in self.albums.values() if self._matches(a, search)),
                       key=lambda s: (s.artist_name, s.year, s.title))
        return Page(items=tuple(found[search.offset:search.offset + search.size]), number=search.page,
                    size=search.size, total=len(found))
