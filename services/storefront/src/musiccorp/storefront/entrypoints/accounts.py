"""Registration and the account page (signing in and out: :mod:`.sign_in`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from musiccorp.storefront.domain.customers import Registration
from musiccorp.storefront.domain.errors import EmailTaken, InvalidRegistration, ServiceUnavailable
from musiccorp.storefront.entrypoints.cart import adopt_guest_cart
from musiccorp.storefront.entrypoints.dependencies import (
    CustomerId,
    Customers,
    Loyalty,
    Notifications,
    Orders,
)
from musiccorp.storefront.entrypoints.forms import ADDRESS_LONGEST, email_problem, form_problems, safe_next
from musiccorp.storefront.entrypoints.rendering import COUNTRIES, render, templates
from musiccorp.storefront.entrypoints.session import sign_in
from musiccorp.storefront.service_layer import account
from musiccorp.storefront.service_layer.pages import PageView
from musiccorp.storefront.service_layer.ports import AbstractCustomers, AbstractLoyalty, AbstractNotifications

_HTML = {"content": {"text/html": {"schema": {"type": "string"}}}}

_REQUIRED = {"name": "your name", "email": "your email", "line1": "your address", "city": "your town or city",
             "postcode": "your postcode", "country": "your country"}
_LONGEST = {**ADDRESS_LONGEST, "email": 320}


def registration_problems(registration: Registration) -> dict[str, str]:
    """What a person must correct before the form is worth sending to the customers service."""
    values = {field: getattr(registration, field) for field in Registration.__dataclass_fields__}
    problems = form_problems(values, required=_REQUIRED, longest=_LONGEST)
    if "email" not in problems and (problem := email_problem(registration.email)):
        problems["email"] = problem
    return problems


router = APIRouter(tags=["account"], default_response_class=HTMLResponse, responses={
    503: {"description": "Rendered without a service it needs (it says which)", **_HTML}})


def form_page(request: Request, *, values: dict, problems: dict, status: int,
              degraded: tuple[str, ...] = ()) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "register.html",
        {"view": PageView(degraded=degraded), "values": values, "problems": problems, "countries": COUNTRIES},
        status_code=status, headers={"Cache-Control": "no-store"})


@router.get("/register", summary="The registration form")
async def register_form(request: Request, next_path: Annotated[str, Query(alias="next")] = "") -> HTMLResponse:
    return form_page(request, values={"country": "GB", "next": safe_next(next_path, default="")}, problems={},
                     status=200)


@router.post("/register", summary="Register as a customer",
             responses={303: {"description": "Registered: on to the account page, or where the shopper was going"},
                        409: {"description": "The email is taken", **_HTML},
                        422: {"description": "The form needs correcting", **_HTML}})
async def register(
    request: Request,
    customers: Customers,
    orders: Orders,
    name: Annotated[str, Form()] = "",
    email: Annotated[str, Form()] = "",
    line1: Annotated[str, Form()] = "",
    line2: Annotated[str, Form()] = "",
    city: Annotated[str, Form()] = "",
    postcode: Annotated[str, Form()] = "",
    country: Annotated[str, Form()] = "",
    next_path: Annotated[str, Form(alias="next")] = "",
) -> Response:
    # Every field is read as text and checked here, so a person always gets the form back with
    # the mistakes named, never a bare error document.
    registration = Registration(name=name.strip(), email=email.strip(), line1=line1.strip(),
                                line2=line2.strip(), city=city.strip(), postcode=postcode.strip(),
                                country=country.strip().upper())
    values = {k: getattr(registration, k) for k in Registration.__dataclass_fields__}
    values["next"] = safe_next(next_path, default="")
    problems = registration_problems(registration)
    if problems:
        return form_page(request, values=values, problems=problems, status=422)
    try:
        customer_id = await account.register(registration, customers=customers)
    except EmailTaken:
        return form_page(request, values=values, status=409,
                         problems={"email": "An account with this email exists already."})
    except InvalidRegistration as exc:
        return form_page(request, values=values, problems=exc.problems, status=422)
    except ServiceUnavailable as exc:
        return form_page(request, values=values, problems={}, status=503, degraded=(exc.service,))
    sign_in(request, customer_id)
    await adopt_guest_cart(request, customer_id, orders=orders)
    return RedirectResponse(values["next"] or "/account", status_code=303)


async def signed_in_page(request: Request, template: str, customer_id: str | None, *, customers: AbstractCustomers,
                         loyalty: AbstractLoyalty, notifications: AbstractNotifications) -> Response:
    """The account, rendered with ``template``; nobody signed in goes to registration."""
    if customer_id is None:
        return RedirectResponse("/register", status_code=303)
    view = await account.account(customer_id, customers=customers, loyalty=loyalty, notifications=notifications)
    return render(request, template, view)


@router.get("/account", summary="The signed-in customer's account",
            responses={303: {"description": "Not signed in: on to registration"}})
async def account_page(request: Request, customer_id: CustomerId, customers: Customers, loyalty: Loyalty,
                       notifications: Notifications) -> Response:
    return await signed_in_page(request, "account.html", customer_id, customers=customers, loyalty=loyalty,
                                notifications=notifications)


@router.get("/account/status", summary="The account's live panels (htmx polls this until settled)",
            responses={303: {"description": "Not signed in"}})
async def account_status(request: Request, customer_id: CustomerId, customers: Customers, loyalty: Loyalty,
                         notifications: Notifications) -> Response:
    return await signed_in_page(request, "_account_status.html", customer_id, customers=customers, loyalty=loyalty,
                                notifications=notifications)
