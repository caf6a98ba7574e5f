"""Registration and the account page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from musiccorp.storefront.bootstrap import Storefront
from musiccorp.storefront.domain.customers import Registration
from musiccorp.storefront.domain.errors import EmailTaken, InvalidRegistration, ServiceUnavailable
from musiccorp.storefront.entrypoints.rendering import COUNTRIES, render, templates
from musiccorp.storefront.entrypoints.session import current_customer, sign_in, sign_out
from musiccorp.storefront.service_layer import account
from musiccorp.storefront.service_layer.pages import PageView

_HTML = {"content": {"text/html": {"schema": {"type": "string"}}}}

_REQUIRED = {"name": "your name", "email": "your email", "line1": "your address", "city": "your town or city",
             "postcode": "your postcode", "country": "your country"}
_LONGEST = {"name": 200, "email": 320, "line1": 200, "line2": 200, "city": 100, "postcode": 20, "country": 2}


def form_problems(registration: Registration) -> dict[str, str]:
    """What a person must correct before the form is worth sending to the customers service."""
    problems = {field: f"Please enter {what}." for field, what in _REQUIRED.items()
                if not getattr(registration, field)}
    for field, longest in _LONGEST.items():
        if field not in problems and len(getattr(registration, field)) > longest:
            problems[field] = f"Please keep this under {longest + 1} characters."
    if "email" not in problems and "@" not in registration.email:
        problems["email"] = "Please enter an email address like name@example.com."
    if "country" not in problems and registration.country not in dict(COUNTRIES):
        problems["country"] = "Please choose a country from the list."
    return problems


def accounts_router(shop: Storefront) -> APIRouter:
    router = APIRouter(tags=["account"], default_response_class=HTMLResponse, responses={
        503: {"description": "Rendered without a service it needs (it says which)", **_HTML}})

    def form_page(request: Request, *, values: dict, problems: dict, status: int,
                  degraded: tuple[str, ...] = ()) -> HTMLResponse:
        return templates.TemplateResponse(
            request, "register.html",
            {"view": PageView(degraded=degraded), "values": values, "problems": problems, "countries": COUNTRIES},
            status_code=status, headers={"Cache-Control": "no-store"})

    @router.get("/register", summary="The registration form")
    async def register_form(request: Request) -> HTMLResponse:
        return form_page(request, values={"country": "GB"}, problems={}, status=200)

    @router.post("/register", summary="Register as a customer",
                 responses={303: {"description": "Registered: on to the account page"},
                            409: {"description": "The email is taken", **_HTML},
                            422: {"description": "The form needs correcting", **_HTML}})
    async def register(
        request: Request,
        name: Annotated[str, Form()] = "",
        email: Annotated[str, Form()] = "",
        line1: Annotated[str, Form()] = "",
        line2: Annotated[str, Form()] = "",
        city: Annotated[str, Form()] = "",
        postcode: Annotated[str, Form()] = "",
        country: Annotated[str, Form()] = "",
    ):
        # Every field is read as text and checked here, so a person always gets the form back with
        # the mistakes named, never a bare error document.
        registration = Registration(name=name.strip(), email=email.strip(), line1=line1.strip(),
                                    line2=line2.strip(), city=city.strip(), postcode=postcode.strip(),
                                    country=country.strip().upper())
        values = {k: getattr(registration, k) for k in Registration.__dataclass_fields__}
        problems = form_problems(registration)
        if problems:
            return form_page(request, values=values, problems=problems, status=422)
        try:
            customer_id = await account.register(registration, customers=shop.customers)
        except EmailTaken:
            return form_page(request, values=values, status=409,
                             problems={"email": "An account with this email exists already."})
        except InvalidRegistration as exc:
            return form_page(request, values=values, problems=exc.problems, status=422)
        except ServiceUnavailable as exc:
            return form_page(request, values=values, problems={}, status=503, degraded=(exc.service,))
        sign_in(request, customer_id)
        return RedirectResponse("/account", status_code=303)

    async def signed_in_page(request: Request, template: str):
        """The account, rendered with ``template``; nobody signed in goes to registration."""
        customer_id = current_customer(request)
        if customer_id is None:
            return RedirectResponse("/register", status_code=303)
        view = await account.account(customer_id, customers=shop.customers, loyalty=shop.loyalty,
                                     notifications=shop.notifications)
        return render(request, template, view)

    @router.get("/account", summary="The signed-in customer's account",
                responses={303: {"description": "Not signed in: on to registration"}})
    async def account_page(request: Request):
        return await signed_in_page(request, "account.html")

    @router.get("/account/status", summary="The account's live panels (htmx polls this until settled)",
                responses={303: {"description": "Not signed in"}})
    async def account_status(request: Request):
        return await signed_in_page(request, "_account_status.html")

    @router.post("/signout", summary="Forget the customer in this browser",
                 responses={303: {"description": "Signed out: back home"}})
    async def signout(request: Request):
        sign_out(request)
        return RedirectResponse("/", status_code=303)

    return router
