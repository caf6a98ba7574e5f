"""What the catalogue's use cases need from the outside world."""

from __future__ import annotations

import abc

from musiccorp.catalog.domain.model import Album, AlbumSummary, Artist
from musiccorp.catalog.domain.search import AlbumSearch, Page


class AbstractCatalogRepository(abc.ABC):
    """Reads of the catalogue; ``None`` when nothing has the id."""

    @abc.abstractmethod
    async def get_album(self, album_id: str) -> Album | None: ...

    @abc.abstractmethod
    async def get_artist(self, artist_id: str) -> Artist | None: ...

    @abc.abstractmethod
    async def search(self, search: AlbumSearch) -> Page[AlbumSummary]: ...
