"""Rendering pages: the templates, and the rule that an incomplete page says so with 503."""

from __future__ import annotations

from pathlib import Path

from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from starlette.requests import Request

from musiccorp.storefront.domain.countries import COUNTRIES as _COUNTRIES
from musiccorp.storefront.domain.model import GENRES
from musiccorp.storefront.service_layer.pages import PageView

HERE = Path(__file__).parent
COUNTRIES = sorted(_COUNTRIES.items(), key=lambda item: item[1])

templates = Jinja2Templates(directory=HERE / "templates")
templates.env.globals["genres"] = GENRES


def render(request: Request, template: str, view: PageView, **context) -> HTMLResponse:
    """A complete page answers 200; one missing a service answers 503 and is never cached."""
    status = 200 if view.complete else 503
    headers = {"Cache-Control": "private, max-age=0"} if view.complete else {"Cache-Control": "no-store"}
    return templates.TemplateResponse(request, template, {"view": view, **context},
                                      status_code=status, headers=headers)
