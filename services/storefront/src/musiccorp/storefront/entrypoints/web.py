"""The shop's pages: home, browse and search, album; and the app with every router. Server-rendered HTML (Jinja2).

A page that cannot be complete still renders, names what is missing, and
answers 503 so monitors and caches know it is degraded.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from musiccorp.chassis import create_service_app
from musiccorp.storefront.bootstrap import Storefront, bootstrap
from musiccorp.storefront.domain.errors import AlbumMissing
from musiccorp.storefront.domain.model import GENRES
from musiccorp.storefront.entrypoints.accounts import accounts_router
from musiccorp.storefront.entrypoints.cart import cart_router
from musiccorp.storefront.entrypoints.checkout import checkout_router
from musiccorp.storefront.entrypoints.orders import orders_router
from musiccorp.storefront.entrypoints.rendering import HERE, render, templates
from musiccorp.storefront.entrypoints.sign_in import sign_in_router
from musiccorp.storefront.service_layer import pages

_DEGRADED = {503: {"description": "The page rendered without a service it needs (it says which)",
                   "content": {"text/html": {"schema": {"type": "string"}}}}}
_MISSING = {404: {"description": "No such album", "content": {"text/html": {"schema": {"type": "string"}}}}}


def pages_router(shop: Storefront) -> APIRouter:
    router = APIRouter(tags=["pages"], default_response_class=HTMLResponse, responses=_DEGRADED)
    catalog, settings = shop.catalog, shop.settings

    @router.get("/", summary="Home: featured albums")
    async def home(request: Request) -> HTMLResponse:
        view = await pages.home(catalog=catalog, featured_count=settings.featured_count)
        return render(request, "home.html", view)

    @router.get("/albums", summary="Browse and search the catalogue")
    async def browse(
        request: Request,
        q: Annotated[str, Query(max_length=100)] = "",
        genre: Annotated[str, Query(max_length=32)] = "",
        page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    ) -> HTMLResponse:
        view = await pages.browse(catalog=catalog, text=q.strip(), genre=genre if genre in GENRES else "",
                                  page=page, size=settings.page_size)
        template = "_results.html" if request.headers.get("hx-request") else "browse.html"
        return render(request, template, view)

    @router.get("/albums/{album_id}", summary="One album", responses=_MISSING)
    async def album(request: Request, album_id: str) -> HTMLResponse:
        try:
            view = await pages.album(catalog=catalog, album_id=album_id)
        except AlbumMissing:
            return templates.TemplateResponse(request, "not_found.html", {"album_id": album_id},
                                              status_code=404)
        return render(request, "album.html", view)

    return router


def create_app(shop: Storefront | None = None) -> FastAPI:
    """The ASGI app (granian factory target ``musiccorp.storefront.entrypoints.web:create_app``)."""
    shop = shop or bootstrap()
    routers = [pages_router(shop), accounts_router(shop), sign_in_router(shop), cart_router(shop),
               checkout_router(shop), orders_router(shop)]
    app = create_service_app(shop.runtime, routers=routers)
    app.add_middleware(SessionMiddleware, secret_key=shop.settings.session_secret, session_cookie="musiccorp_session",
                       same_site="lax", https_only=shop.settings.environment == "production")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app
