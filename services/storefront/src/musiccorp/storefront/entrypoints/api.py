"""The shop's pages: home, browse and search, album; and the app with every router. Server-rendered HTML (Jinja2).

A page that cannot be complete still renders, names what is missing, and
answers 503 so monitors and caches know it is degraded.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from musiccorp.chassis import create_service_app
from musiccorp.storefront.bootstrap import Storefront, bootstrap
from musiccorp.storefront.domain.errors import AlbumMissing
from musiccorp.storefront.domain.model import GENRES
from musiccorp.storefront.entrypoints import accounts, cart, checkout, orders, sign_in
from musiccorp.storefront.entrypoints.dependencies import Catalog, Settings
from musiccorp.storefront.entrypoints.orders import StreamSlots
from musiccorp.storefront.entrypoints.rendering import HERE, render, templates
from musiccorp.storefront.entrypoints.security import SecurityHeaders
from musiccorp.storefront.entrypoints.session import RotatingSessionMiddleware
from musiccorp.storefront.service_layer import pages

_DEGRADED = {503: {"description": "The page rendered without a service it needs (it says which)",
                   "content": {"text/html": {"schema": {"type": "string"}}}}}
_MISSING = {404: {"description": "No such album", "content": {"text/html": {"schema": {"type": "string"}}}}}

router = APIRouter(tags=["pages"], default_response_class=HTMLResponse, responses=_DEGRADED)


@router.get("/", summary="Home: featured albums")
async def home(request: Request, catalog: Catalog, settings: Settings) -> HTMLResponse:
    view = await pages.home(catalog=catalog, featured_count=settings.featured_count)
    return render(request, "home.html", view)


@router.get("/albums", summary="Browse and search the catalogue")
async def browse(
    request: Request,
    catalog: Catalog,
    settings: Settings,
    q: Annotated[str, Query(max_length=100)] = "",
    genre: Annotated[str, Query(max_length=32)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    view = await pages.browse(catalog=catalog, text=q.strip(), genre=genre if genre in GENRES else "",
                              page=page, size=settings.page_size)
    template = "_results.html" if request.headers.get("hx-request") else "browse.html"
    return render(request, template, view)


@router.get("/albums/{album_id}", summary="One album", responses=_MISSING)
async def album(request: Request, album_id: str, catalog: Catalog) -> HTMLResponse:
    try:
        view = await pages.album(catalog=catalog, album_id=album_id)
    except AlbumMissing:
        return templates.TemplateResponse(request, "not_found.html", {"album_id": album_id}, status_code=404)
    return render(request, "album.html", view)


ROUTERS = (router, accounts.router, sign_in.router, cart.router, checkout.router, orders.router)
"""Every page of the shop, in the order they are matched."""


def create_app(shop: Storefront | None = None) -> FastAPI:
    """The ASGI app (granian factory target ``musiccorp.storefront.entrypoints.api:create_app``)."""
    shop = shop or bootstrap()
    app = create_service_app(shop.runtime, routers=ROUTERS)
    # What the handlers' dependencies (see .dependencies) read: the wired storefront, and this app's slots
    # for live order pages.
    app.state.storefront = shop
    app.state.order_streams = StreamSlots(shop.settings.max_order_streams)
    app.add_middleware(RotatingSessionMiddleware, secrets=shop.settings.session_secret,
                       session_cookie="musiccorp_session", same_site="lax",
                       https_only=shop.settings.environment == "production")
    app.add_middleware(SecurityHeaders, paybuddy_url=shop.settings.paybuddy_url,
                       strict_transport=shop.settings.environment != "local")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app
