"""Album titles from the catalog, for statements: the ledger keeps only the id (5.7).

The client is the chassis one with a response cache, so the catalog's
``Cache-Control`` decides how long a title is reused, and a stale title stands
in while the catalog is down.
"""

from __future__ import annotations

from urllib.parse import quote

from musiccorp.chassis.http import RemoteCallError, ServiceClient
from musiccorp.payments.domain.errors import CatalogUnavailable
from musiccorp.payments.service_layer.ports import Catalog


class HttpCatalog(Catalog):
    def __init__(self, client: ServiceClient) -> None:
        self._client = client

    async def title(self, album_id: str) -> str | None:
        try:
            document = await self._client.get_document(f"/v1/albums/{quote(album_id, safe='')}")
        except RemoteCallError as exc:
            raise CatalogUnavailable(str(exc)) from exc
        if document is None:
            return None
        title = document.get("title") if isinstance(document, dict) else None
        if not isinstance(title, str):
            raise CatalogUnavailable(f"catalog sent album {album_id} without a title")
        return title
