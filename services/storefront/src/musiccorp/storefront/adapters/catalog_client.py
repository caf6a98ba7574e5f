"""The catalog, reached over HTTP through the chassis client.

A tolerant reader: it takes the fields the pages need from the catalog's HAL
documents and ignores everything else, so the catalog can grow its
representations without breaking the shop (practice 4.13).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from musiccorp.chassis.http import RemoteCallError, ServiceClient
from musiccorp.storefront.adapters.remote import segment
from musiccorp.storefront.domain.errors import AlbumMissing, CatalogUnavailable
from musiccorp.storefront.domain.model import AlbumCard, AlbumDetail, Listing, Money, Track
from musiccorp.storefront.service_layer.ports import AbstractCatalog


def _card(document: dict) -> AlbumCard:
    price = document["price"]
    return AlbumCard(
        id=document["id"], title=document["title"], artist_id=document["artist"]["id"],
        artist_name=document["artist"]["name"], year=document["year"], genre=document["genre"],
        price=Money(Decimal(price["amount"]), price["currency"]), cover_hue=document.get("cover_hue", 210),
    )


def _listing(document: dict) -> Listing:
    return Listing(albums=tuple(_card(a) for a in document["_embedded"]["albums"]), page=document["page"],
                   pages=document["pages"], total=document["total"])


class HttpCatalog(AbstractCatalog):
    def __init__(self, client: ServiceClient) -> None:
        self._client = client

    async def _get(self, path: str, params: dict | None = None) -> dict | None:
        """The JSON document at ``path``; ``None`` for a 404."""
        try:
            response = await self._client.get(path, params=params)
        except RemoteCallError as exc:
            raise CatalogUnavailable(str(exc)) from exc
        if response.status == 404:
            return None
        if response.status != 200:
            raise CatalogUnavailable(f"catalog answered {response.status} for {path}")
        try:
            return response.json()
        except ValueError as exc:
            raise CatalogUnavailable(f"catalog sent an unreadable document for {path}") from exc

    async def featured(self, *, count: int) -> Listing:
        return await self.browse(text=None, genre=None, page=1, size=count, featured=True)

    async def browse(self, *, text: str | None, genre: str | None, page: int, size: int,
                     featured: bool | None = None) -> Listing:
        params = {"page": str(page), "size": str(size)}
        if text:
            params["q"] = text
        if genre:
            params["genre"] = genre
        if featured is not None:
            params["featured"] = "true" if featured else "false"
        document = await self._get("/v1/albums", params)
        if document is None:
            raise CatalogUnavailable("catalog has no /v1/albums")
        try:
            return _listing(document)
        except (KeyError, TypeError, InvalidOperation) as exc:
            raise CatalogUnavailable(f"catalog listing lacks {exc}") from exc

    async def album(self, album_id: str) -> AlbumDetail:
        document = await self._get(f"/v1/albums/{segment(album_id)}")
        if document is None:
            raise AlbumMissing(album_id)
        try:
            tracks = tuple(Track(t["number"], t["title"], t["duration_seconds"]) for t in document["tracks"])
            return AlbumDetail(card=_card(document), label=document.get("label", ""), tracks=tracks)
        except (KeyError, TypeError, InvalidOperation) as exc:
            raise CatalogUnavailable(f"catalog album lacks {exc}") from exc
