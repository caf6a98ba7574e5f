"""Checkout: review the cart, say where it goes, pay — without the shop ever seeing a card number (9.6).

The page's card fields have no ``name``, so no form post can carry them: the
page's script sends the card from the browser to PayBuddy, which answers with a
token, and only the token (and the last four digits, to show) come back here.

Placing an order is made safe to repeat. The page carries an idempotency key,
minted when it was drawn, and the lines it showed; a double click, the browser
re-sending the form, or a retry after an error all send the same key and the
same order, and orders answers each with the order the first one placed.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from functools import partial
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from musiccorp.storefront.domain.cart import MAX_QUANTITY
from musiccorp.storefront.domain.commands import LineRequest, PlaceOrder
from musiccorp.storefront.domain.errors import OrderRefused, ServiceUnavailable
from musiccorp.storefront.domain.orders import ShippingAddress
from musiccorp.storefront.entrypoints.cart import adopt_guest_cart
from musiccorp.storefront.entrypoints.cart_state import guest_lines, remember_count
from musiccorp.storefront.entrypoints.dependencies import CustomerId, Customers, Orders, Settings
from musiccorp.storefront.entrypoints.forms import form_problems, whole_number
from musiccorp.storefront.entrypoints.rendering import COUNTRIES, templates
from musiccorp.storefront.service_layer import checkout
from musiccorp.storefront.service_layer.checkout import CheckoutView
from musiccorp.storefront.service_layer.ports import AbstractCustomers, AbstractOrders

_HTML = {"content": {"text/html": {"schema": {"type": "string"}}}}
_TOKEN = re.compile(r"^[\x21-\x7e]{1,256}$")
_ADDRESS_FIELDS = ("name", "line1", "line2", "city", "postcode", "country")

NO_CARD = "Please enter your card details. (Paying needs JavaScript: your card goes straight to PayBuddy, never to us.)"
STALE = "This checkout page was out of date, so we have refreshed it. Please check your order and place it again."
UNCONFIRMED = ("We could not confirm your order just now. Please place it again: if it did go through, "
               "you will see the same order, and you are never charged twice.")
KEY_REUSED = "You placed an order from this page already: it is in your orders."


def _lines(posted: list[str]) -> list[tuple[str, int]] | None:
    """``album_id:quantity`` fields as pairs; ``None`` when any is malformed (the page was not ours)."""
    lines = []
    for field in posted:
        album_id, _, text = field.rpartition(":")
        quantity = whole_number(text, most=MAX_QUANTITY)
        if not album_id or not quantity:
            return None
        lines.append((album_id, quantity))
    return lines or None


def _is_key(value: str) -> bool:
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False


@dataclass(frozen=True)
class PostedOrder:
    """The checkout form as the shopper sent it, tidied: what a retry sends again, as the same order."""

    key: str
    lines: list[tuple[str, int]] | None
    values: dict[str, str]
    card_token: str
    card_last4: str

    @property
    def ours(self) -> bool:
        """Drawn by this shop: lines it can read and a key it minted. If not, the page was stale (or not ours)."""
        return self.lines is not None and _is_key(self.key)

    def problems(self) -> dict[str, str]:
        """What must change before the order is worth sending to orders, by field (``form``: the whole page)."""
        if not self.ours:
            return {"form": STALE}
        problems = form_problems(self.values)
        if not _TOKEN.fullmatch(self.card_token):
            problems["card"] = NO_CARD
        return problems

    def order(self, customer_id: str) -> PlaceOrder:
        return PlaceOrder(
            customer_id=customer_id, card_token=self.card_token,
            lines=tuple(LineRequest(album_id, quantity) for album_id, quantity in self.lines or ()),
            shipping_address=ShippingAddress(**self.values))


router = APIRouter(tags=["checkout"], default_response_class=HTMLResponse, responses={
    303: {"description": "Not signed in: on to sign in, and back here after"},
    503: {"description": "Rendered without a service it needs (it says which)", **_HTML}})


def page(request: Request, view: CheckoutView, *, paybuddy_url: str, key: str, lines: list[tuple[str, int]],
         values: dict, problems: dict, status: int, card_last4: str = "", card_token: str = "",
         see_orders: bool = False) -> Response:
    # The form needs lines to order: those of the cart shown or, when orders cannot show the cart
    # now, those the shopper posted (so that a retry sends the very same order).
    show_form = bool(lines) and (view.cart is None or bool(view.cart.lines))
    context = {"view": view, "key": key, "lines": lines, "values": values, "problems": problems,
               "countries": COUNTRIES, "paybuddy_url": paybuddy_url, "card_token": card_token,
               "card_last4": card_last4, "show_form": show_form, "see_orders": see_orders}
    return templates.TemplateResponse(request, "checkout.html", context, status_code=status,
                                      headers={"Cache-Control": "no-store"})


async def review(request: Request, customer_id: str, *, orders: AbstractOrders,
                 customers: AbstractCustomers) -> CheckoutView:
    if guest_lines(request):
        await adopt_guest_cart(request, customer_id, orders=orders)
    view = await checkout.checkout(customer_id, orders=orders, customers=customers)
    if view.cart is not None:
        remember_count(request, view.cart.count)
    return view


async def form_again(request: Request, posted: PostedOrder, problems: dict, status: int, *, customer_id: str,
                     orders: AbstractOrders, customers: AbstractCustomers, paybuddy_url: str,
                     degraded: tuple[str, ...] = (), see_orders: bool = False, afresh: bool = False) -> Response:
    """The form once more, as the shopper filled it, to send again as the same order. A page that was
    not ours, or whose key placed an order already, starts afresh: a new key, the cart as it is now."""
    view = await review(request, customer_id, orders=orders, customers=customers)
    missing = tuple(service for service in degraded if service not in view.degraded)
    if missing:
        view = CheckoutView(cart=view.cart, address=view.address, degraded=(*view.degraded, *missing))
    fresh = afresh or not posted.ours
    shown = [(item.album_id, item.quantity) for item in view.cart.lines] if view.cart else []
    return page(request, view, paybuddy_url=paybuddy_url,
                key=str(uuid.uuid4()) if fresh else posted.key, lines=shown if fresh else posted.lines,
                values=posted.values, problems=problems, status=status,
                card_token="" if fresh else posted.card_token, card_last4="" if fresh else posted.card_last4,
                see_orders=see_orders)


@router.get("/checkout", summary="Review the cart, give the address and pay")
async def checkout_page(request: Request, customer_id: CustomerId, orders: Orders, customers: Customers,
                        settings: Settings) -> Response:
    if customer_id is None:
        return RedirectResponse("/sign-in?next=/checkout", status_code=303)
    view = await review(request, customer_id, orders=orders, customers=customers)
    address = view.address
    values = {field: getattr(address, field) for field in _ADDRESS_FIELDS} if address else {"country": "GB"}
    lines = [(line.album_id, line.quantity) for line in view.cart.lines] if view.cart else []
    return page(request, view, paybuddy_url=settings.paybuddy_url, key=str(uuid.uuid4()), lines=lines,
                values=values, problems={}, status=200 if view.complete else 503)


@router.post("/checkout", summary="Place the order (card token only; never a card number)",
             responses={303: {"description": "Placed: on to the order's page (or, signed out, to sign in)"},
                        422: {"description": "The form needs correcting, or orders refused the order", **_HTML}})
async def place_order(
    request: Request,
    customer_id: CustomerId,
    orders: Orders,
    customers: Customers,
    settings: Settings,
    idempotency_key: Annotated[str, Form()] = "",
    line: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI copies form defaults
    name: Annotated[str, Form()] = "",
    line1: Annotated[str, Form()] = "",
    line2: Annotated[str, Form()] = "",
    city: Annotated[str, Form()] = "",
    postcode: Annotated[str, Form()] = "",
    country: Annotated[str, Form()] = "",
    card_token: Annotated[str, Form()] = "",
    card_last4: Annotated[str, Form()] = "",
) -> Response:
    if customer_id is None:
        return RedirectResponse("/sign-in?next=/checkout", status_code=303)
    posted = PostedOrder(
        key=idempotency_key, lines=_lines(line),
        values={"name": name.strip(), "line1": line1.strip(), "line2": line2.strip(), "city": city.strip(),
                "postcode": postcode.strip(), "country": country.strip().upper()},
        card_token=card_token.strip(), card_last4=card_last4 if re.fullmatch(r"\d{4}", card_last4) else "")
    again = partial(form_again, request, posted, customer_id=customer_id, orders=orders, customers=customers,
                    paybuddy_url=settings.paybuddy_url)
    problems = posted.problems()
    if problems:
        return await again(problems, 422)
    try:
        order_id = await checkout.place_order(posted.order(customer_id), idempotency_key=posted.key, orders=orders)
    except OrderRefused as exc:
        if exc.key_reused:
            return await again({"form": KEY_REUSED}, 422, see_orders=True, afresh=True)
        return await again({"form": exc.reason}, 422)
    except ServiceUnavailable as exc:
        return await again({"form": UNCONFIRMED}, 503, degraded=(exc.service,), see_orders=True)
    remember_count(request, 0)  # placing an order empties the cart
    return RedirectResponse(f"/orders/{quote(order_id, safe='')}", status_code=303)
