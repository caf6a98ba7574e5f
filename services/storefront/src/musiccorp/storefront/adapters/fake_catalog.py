"""An in-memory catalog for tests of the pages; it can be switched off to test degradation."""

from __future__ import annotations

import math

from musiccorp.storefront.domain.errors import AlbumMissing, CatalogUnavailable
from musiccorp.storefront.domain.model import AlbumCard, AlbumDetail, Listing
from musiccorp.storefront.service_layer.ports import AbstractCatalog


class FakeCatalog(AbstractCatalog):
    def __init__(self, albums: list[AlbumDetail] = (), *, featured: list[str] = ()) -> None:
        self.albums = {album.card.id: album for album in albums}
        self.featured_ids = list(featured)
        self.available = True

    def _check(self) -> None:
        if not self.available:
            raise CatalogUnavailable("catalog switched off by the test")

    @staticmethod
    def _page(cards: list[AlbumCard], page: int, size: int) -> Listing:
        return Listing(albums=tuple(cards[(page - 1) * size: page * size]), page=page,
                       pages=max(1, math.ceil(len(cards) / size)), total=len(cards))

    async def featured(self, *, count: int) -> Listing:
        self._check()
        return self._page([self.albums[i].card for i in self.featured_ids], 1, count)

    async def browse(self, *, text: str | None, genre: str | None, page: int, size: int) -> Listing:
        self._check()
        needle = (text or "").casefold()
        cards = [a.card for a in self.albums.values()
                 if (not needle or needle in a.card.title.casefold() or needle in a.card.artist_name.casefold())
                 and (not genre or a.card.genre == genre)]
        return self._page(cards, page, size)

    async def album(self, album_id: str) -> AlbumDetail:
        self._check()
        if album_id not in self.albums:
            raise AlbumMissing(album_id)
        return self.albums[album_id]
