"""What the storefront's pages need from the services behind them."""

from __future__ import annotations

import abc

from musiccorp.storefront.domain.model import AlbumDetail, Listing


class AbstractCatalog(abc.ABC):
    """The catalogue as the shop sees it. Raises ``CatalogUnavailable`` when it cannot answer."""

    @abc.abstractmethod
    async def featured(self, *, count: int) -> Listing: ...

    @abc.abstractmethod
    async def browse(self, *, text: str | None, genre: str | None, page: int, size: int) -> Listing: ...

    @abc.abstractmethod
    async def album(self, album_id: str) -> AlbumDetail:
        """Raises ``AlbumMissing`` when the catalog has no such album."""
