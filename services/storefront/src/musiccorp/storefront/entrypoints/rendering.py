"""Rendering pages: the templates, and the rule that an incomplete page says so with 503."""

from __future__ import annotations

from pathlib import Path

from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from starlette.requests import Request

from musiccorp.storefront.domain.cart import MAX_QUANTITY
from musiccorp.storefront.domain.countries import COUNTRIES as _COUNTRIES
from musiccorp.storefront.domain.model import GENRES
from musiccorp.storefront.domain.orders import format_moment
from musiccorp.storefront.entrypoints.cart_state import cart_count
from musiccorp.storefront.entrypoints.session import current_customer
from musiccorp.storefront.service_layer.pages import PageView

HERE = Path(__file__).parent
COUNTRIES = sorted(_COUNTRIES.items(), key=lambda item: item[1])

templates = Jinja2Templates(directory=HERE / "templates")
# Templates ship inside the package and change only with a release: no stat() of each one on every render.
templates.env.auto_reload = False
templates.env.globals["genres"] = GENRES
_macros = templates.env.get_template("_macros.html").module
templates.env.globals.update(cart_link=_macros.cart_link, add_to_cart=_macros.add_to_cart)
templates.env.globals["max_quantity"] = MAX_QUANTITY
templates.env.globals["cart_count"] = cart_count
templates.env.globals["signed_in"] = lambda request: current_customer(request) is not None
templates.env.globals["country_name"] = _COUNTRIES.get
templates.env.filters["moment"] = format_moment


def render(request: Request, template: str, view: PageView, **context) -> HTMLResponse:
    """A complete page answers 200; one missing a service answers 503 and is never cached."""
    status = 200 if view.complete else 503
    headers = {"Cache-Control": "private, max-age=0"} if view.complete else {"Cache-Control": "no-store"}
    return templates.TemplateResponse(request, template, {"view": view, **context},
                                      status_code=status, headers=headers)
