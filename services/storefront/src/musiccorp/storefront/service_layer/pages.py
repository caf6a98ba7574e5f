"""The pages of the shop, composed from the services behind it.

Each use case returns a view: what to show and whether it is complete. When the
catalog cannot answer, the page still renders, saying so, rather than failing
whole (practice 11.1–11.3).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from musiccorp.storefront.domain.errors import CatalogUnavailable
from musiccorp.storefront.domain.model import AlbumDetail, Listing
from musiccorp.storefront.service_layer.ports import AbstractCatalog


@dataclass(frozen=True)
class PageView:
    degraded: tuple[str, ...] = field(default=())

    @property
    def complete(self) -> bool:
        return not self.degraded


@dataclass(frozen=True)
class HomeView(PageView):
    featured: Listing | None = None


@dataclass(frozen=True)
class BrowseView(PageView):
    text: str = ""
    genre: str = ""
    listing: Listing | None = None


@dataclass(frozen=True)
class AlbumView(PageView):
    album: AlbumDetail | None = None


async def home(*, catalog: AbstractCatalog, featured_count: int) -> HomeView:
    try:
        return HomeView(featured=await catalog.featured(count=featured_count))
    except CatalogUnavailable:
        return HomeView(degraded=("catalog",))


async def browse(*, catalog: AbstractCatalog, text: str, genre: str, page: int, size: int) -> BrowseView:
    try:
        listing = await catalog.browse(text=text or None, genre=genre or None, page=page, size=size)
    except CatalogUnavailable:
        return BrowseView(text=text, genre=genre, degraded=("catalog",))
    return BrowseView(text=text, genre=genre, listing=listing)


async def album(*, catalog: AbstractCatalog, album_id: str) -> AlbumView:
    """Raises ``AlbumMissing`` for an unknown album: that is not a degradation."""
    try:
        return AlbumView(album=await catalog.album(album_id))
    except CatalogUnavailable:
        return AlbumView(degraded=("catalog",))
