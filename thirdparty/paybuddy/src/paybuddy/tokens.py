"""Tokenisation: the shopper's browser swaps card details for a token, so the merchant never sees a number.

These routes are called by browsers on the merchant's pages, from another
origin, so they answer CORS preflights and allow any origin (no cookies are
involved). ``/v2/js/paybuddy.js`` is the drop-in script a merchant page loads.
"""

from __future__ import annotations

from datetime import date
from importlib import resources

from aiohttp import web

from paybuddy.cards import check_card
from paybuddy.errors import read_json
from paybuddy.sandbox import SANDBOX

__all__ = ["add_routes", "cors_for_browsers"]

BROWSER_PATHS = ("/v2/tokens", "/v2/js/")
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type",
    "Access-Control-Max-Age": "600",
}
_DROP_IN = resources.files("paybuddy").joinpath("static/paybuddy.js")


def add_routes(router: web.UrlDispatcher) -> None:
    router.add_post("/v2/tokens", create_token)
    router.add_route("OPTIONS", "/v2/tokens", preflight)
    router.add_get("/v2/js/paybuddy.js", drop_in)


@web.middleware
async def cors_for_browsers(request: web.Request, handler) -> web.StreamResponse:
    """Let pages of any origin call the browser routes (errors included, so a page can show them)."""
    response = await handler(request)
    if request.path.startswith(BROWSER_PATHS):
        response.headers.update(CORS_HEADERS)
    return response


async def preflight(request: web.Request) -> web.Response:
    """The browser asks before POSTing JSON from another origin; yes."""
    return web.Response(status=204)


async def create_token(request: web.Request) -> web.Response:
    """``{"card": {...}}`` → 201 ``{token, brand, last4, expMonth, expYear}``; 400 ``card_invalid`` if not valid."""
    body = await read_json(request)
    card = check_card(body.get("card"), today=date.today())
    token = request.app[SANDBOX].ledger.issue_token(card)
    return web.json_response({"token": token, "brand": card.brand, "last4": card.last4,
                              "expMonth": card.exp_month, "expYear": card.exp_year}, status=201)


async def drop_in(request: web.Request) -> web.Response:
    """The script exposing ``window.PayBuddy.tokenise(baseUrl, card)``."""
    return web.Response(text=_DROP_IN.read_text(), content_type="application/javascript",
                        headers={"Cache-Control": "public, max-age=300"})
