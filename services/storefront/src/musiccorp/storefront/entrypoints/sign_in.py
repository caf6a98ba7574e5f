"""Signing in (by email, until identity exists: see :mod:`.session`) and signing out.

Signing in brings the guest's cart along, then returns the shopper to where
they were going (``next``), such as the checkout that sent them here.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from musiccorp.storefront.domain.errors import ServiceUnavailable
from musiccorp.storefront.entrypoints.cart import adopt_guest_cart
from musiccorp.storefront.entrypoints.cart_state import forget_cart
from musiccorp.storefront.entrypoints.dependencies import Customers, Orders
from musiccorp.storefront.entrypoints.forms import email_problem, safe_next
from musiccorp.storefront.entrypoints.rendering import templates
from musiccorp.storefront.entrypoints.session import authenticate, sign_in, sign_out
from musiccorp.storefront.service_layer.pages import PageView

_HTML = {"content": {"text/html": {"schema": {"type": "string"}}}}
UNKNOWN_EMAIL = "We have no account with that email. Check it, or create an account."


router = APIRouter(tags=["account"], default_response_class=HTMLResponse)


def form_page(request: Request, *, email: str, next_path: str, problem: str | None, status: int,
              degraded: tuple[str, ...] = ()) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "sign_in.html",
        {"view": PageView(degraded=degraded), "email": email, "next": next_path, "problem": problem},
        status_code=status, headers={"Cache-Control": "no-store"})


@router.get("/sign-in", summary="The sign-in form")
async def sign_in_form(request: Request, next_path: Annotated[str, Query(alias="next")] = "") -> HTMLResponse:
    return form_page(request, email="", next_path=safe_next(next_path, default=""), problem=None, status=200)


@router.post("/sign-in", summary="Sign in with the email registered",
             responses={303: {"description": "Signed in: on to where the shopper was going, or the account"},
                        422: {"description": "No account has the email (the form says so)", **_HTML},
                        503: {"description": "Customers did not answer (the form says so)", **_HTML}})
async def sign_in_with_email(
    request: Request,
    customers: Customers,
    orders: Orders,
    email: Annotated[str, Form()] = "",
    next_path: Annotated[str, Form(alias="next")] = "",
) -> Response:
    email, next_path = email.strip(), safe_next(next_path, default="")
    problem = email_problem(email)
    if problem:
        return form_page(request, email=email, next_path=next_path, problem=problem, status=422)
    try:
        customer_id = await authenticate(email, customers=customers)
    except ServiceUnavailable as exc:
        return form_page(request, email=email, next_path=next_path, problem=None, status=503,
                         degraded=(exc.service,))
    if customer_id is None:
        return form_page(request, email=email, next_path=next_path, problem=UNKNOWN_EMAIL, status=422)
    sign_in(request, customer_id)
    await adopt_guest_cart(request, customer_id, orders=orders)
    return RedirectResponse(next_path or "/account", status_code=303)


@router.post("/signout", summary="Forget the customer in this browser",
             responses={303: {"description": "Signed out: back home"}})
async def signout(request: Request) -> Response:
    sign_out(request)
    forget_cart(request)
    return RedirectResponse("/", status_code=303)
