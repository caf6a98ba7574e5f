"""The catalog's HTTP API: ``/v1/albums``, ``/v1/albums/{id}``, ``/v1/artists/{id}``.

Every read is cacheable: a strong ETag, ``Cache-Control`` and ``304`` on
``If-None-Match`` (practice 11.9); every link is HAL (practice 4.7).
"""

from __future__ import annotations

from typing import Annotated, Literal

import orjson
from fastapi import APIRouter, FastAPI, Query, Request
from starlette.responses import Response

from musiccorp.catalog.bootstrap import Catalog, bootstrap
from musiccorp.catalog.domain.errors import AlbumNotFound, ArtistNotFound, InvalidSearch
from musiccorp.catalog.domain.model import GENRES
from musiccorp.catalog.domain.search import MAX_PAGE_SIZE, AlbumSearch
from musiccorp.catalog.entrypoints import representations
from musiccorp.catalog.entrypoints.schemas import AlbumPageRead, AlbumRead, ArtistRead
from musiccorp.catalog.service_layer import queries
from musiccorp.chassis import Problem, create_service_app
from musiccorp.chassis.conditional import cacheable
from musiccorp.chassis.hal import HAL_JSON, HalResponse

Genre = Literal[GENRES]  # type: ignore[valid-type]

_PROBLEM = {"description": "A problem document (RFC 9457)"}
_NOT_MODIFIED = {"description": "Not modified: the client's copy (If-None-Match) is current"}


def catalog_router(catalog: Catalog) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["catalogue"])
    repository = catalog.repository
    max_age = catalog.settings.cache_max_age

    def answer(request: Request, body: dict) -> Response:
        return cacheable(request, orjson.dumps(body), media_type=HAL_JSON, max_age=max_age)

    rendered = representations.RenderedAlbums(version_of=lambda: getattr(repository, "version", None))

    @router.get("/albums", response_model=AlbumPageRead, response_class=HalResponse,
                responses={304: _NOT_MODIFIED, 422: _PROBLEM}, summary="Browse and search albums")
    async def list_albums(
        request: Request,
        q: Annotated[str | None, Query(max_length=100, description="Words in the title or artist")] = None,
        genre: Genre | None = None,
        artist_id: Annotated[str | None, Query(max_length=64)] = None,
        featured: bool | None = None,
        page: Annotated[int, Query(ge=1, le=100_000)] = 1,
        size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 20,
    ) -> Response:
        try:
            search = AlbumSearch(text=q or None, genre=genre, artist_id=artist_id, featured=featured,
                                 page=page, size=size)
        except InvalidSearch as exc:
            raise Problem(422, "invalid-search", detail=str(exc)) from None
        found = await queries.browse(search, repository=repository)
        return answer(request, representations.album_page(found, search))

    @router.get("/albums/{album_id}", response_model=AlbumRead, response_class=HalResponse,
                responses={304: _NOT_MODIFIED, 404: _PROBLEM}, summary="One album with its tracks")
    async def get_album(request: Request, album_id: str) -> Response:
        try:
            album = await queries.find_album(album_id, repository=repository)
        except AlbumNotFound as exc:
            raise Problem(404, "album-not-found", title="Album not found", detail=str(exc)) from None
        return cacheable(request, rendered.album(album), media_type=HAL_JSON, max_age=max_age)

    @router.get("/artists/{artist_id}", response_model=ArtistRead, response_class=HalResponse,
                responses={304: _NOT_MODIFIED, 404: _PROBLEM}, summary="One artist with their albums")
    async def get_artist(request: Request, artist_id: str) -> Response:
        try:
            artist, albums = await queries.find_artist(artist_id, repository=repository)
        except ArtistNotFound as exc:
            raise Problem(404, "artist-not-found", title="Artist not found", detail=str(exc)) from None
        return answer(request, representations.artist(artist, albums))

    return router


def create_app(catalog: Catalog | None = None) -> FastAPI:
    """The ASGI app (granian factory target ``musiccorp.catalog.entrypoints.api:create_app``)."""
    catalog = catalog or bootstrap()
    return create_service_app(catalog.runtime, routers=[catalog_router(catalog)], startup=[catalog.warm_up])
