"""Albums as the catalog describes them now: ``GET catalog /v1/albums/{id}``, through the chassis client.

The catalog's answers carry ``Cache-Control``, so the client's cache serves a
popular album without a hop while it is fresh, revalidates it after, and may
stand in with a stale copy while the catalog is down.
"""

from __future__ import annotations

from urllib.parse import quote

from musiccorp.chassis.http import RemoteCallError, ServiceClient
from musiccorp.orders.domain.errors import CatalogUnavailable
from musiccorp.orders.domain.model import PricedAlbum
from musiccorp.orders.domain.money import Money
from musiccorp.orders.service_layer.ports import Catalog


class HttpCatalog(Catalog):
    def __init__(self, client: ServiceClient) -> None:
        self._client = client

    async def album(self, album_id: str) -> PricedAlbum | None:
        try:
            document = await self._client.get_document(f"/v1/albums/{quote(album_id, safe='')}")
        except RemoteCallError as exc:
            raise CatalogUnavailable(str(exc)) from exc
        if document is None:
            return None
        try:
            title, artist, price = str(document["title"]), str(document["artist"]["name"]), document["price"]
            money = Money.parse(price["amount"], price["currency"])
        except (ValueError, KeyError, TypeError) as exc:
            raise CatalogUnavailable(f"GET /v1/albums/{album_id} sent an album we cannot read: {exc}") from exc
        return PricedAlbum(id=album_id, title=title, artist=artist, price=money)
