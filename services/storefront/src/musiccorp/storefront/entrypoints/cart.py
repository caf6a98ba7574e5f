"""The cart: add from an album, change and remove lines, see the total. htmx when there is JavaScript,
plain forms and redirects when there is not.

Every change answers htmx with the part of the page that changed (the cart, or
a confirmation) and the header's count beside it, swapped out of band.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from musiccorp.storefront.domain.cart import MAX_GUEST_LINES, MAX_QUANTITY, Cart
from musiccorp.storefront.domain.errors import AlbumMissing, CartFull, CatalogUnavailable, ServiceUnavailable
from musiccorp.storefront.entrypoints.cart_state import guest_lines, keep_guest_lines, remember_count
from musiccorp.storefront.entrypoints.dependencies import Catalog, CustomerId, Orders
from musiccorp.storefront.entrypoints.forms import whole_number
from musiccorp.storefront.entrypoints.rendering import templates
from musiccorp.storefront.service_layer.cart import (
    AbstractCart,
    CartView,
    CustomerCart,
    GuestCart,
    merge_guest_cart,
)
from musiccorp.storefront.service_layer.ports import AbstractCatalog, AbstractOrders

_HTML = {"content": {"text/html": {"schema": {"type": "string"}}}}
_CHANGED = {303: {"description": "Changed: back to the cart (without htmx)"},
            404: {"description": "No such album", **_HTML},
            422: {"description": "Not a quantity from 0 to 10", **_HTML}}

Change = Callable[[], Awaitable[Cart]]
"""What a handler does to the cart it opened: show it, add, change or remove a line."""


async def adopt_guest_cart(request: Request, customer_id: str, *, orders: AbstractOrders) -> None:
    """After signing in or registering: the guest's lines move to the customer's cart in orders.

    If orders cannot take them now, they stay in the session and move on the next visit to the cart.
    """
    lines = guest_lines(request)
    try:
        cart = await merge_guest_cart(lines, customer_id, orders=orders)
    except ServiceUnavailable:
        remember_count(request, None)
    else:
        remember_count(request, cart.count)
    finally:
        keep_guest_lines(request, lines)


def _message(exc: Exception) -> tuple[int, str, tuple[str, ...]]:
    """Status, what to tell the shopper, and which service is missing, for a change that did not happen."""
    if isinstance(exc, AlbumMissing):
        return 404, "We don’t stock that album any more.", ()
    if isinstance(exc, CartFull):
        return 409, f"A guest’s cart holds {MAX_GUEST_LINES} different albums. Sign in to add more.", ()
    service = exc.service if isinstance(exc, ServiceUnavailable) else "catalog"
    return 503, "We could not update your cart just now. Please try again in a moment.", (service,)


router = APIRouter(tags=["cart"], default_response_class=HTMLResponse, responses={
    503: {"description": "Rendered without a service it needs (it says which)", **_HTML}})


async def open_cart(request: Request, customer_id: str | None, *, catalog: AbstractCatalog,
                    orders: AbstractOrders) -> AbstractCart:
    """The shopper's cart: a guest's, kept in the session, or a customer's, kept by orders."""
    if customer_id is None:
        return GuestCart(guest_lines(request), catalog=catalog)
    if guest_lines(request):  # signed in while orders was away: move the guest's lines now
        await adopt_guest_cart(request, customer_id, orders=orders)
    return CustomerCart(customer_id, orders=orders)


async def apply(request: Request, cart: AbstractCart, change: Change) -> tuple[CartView, int]:
    """Run ``change`` on the shopper's ``cart``; the view to show, and the status to answer with."""
    try:
        view, status = CartView(cart=await change()), 200
    except (AlbumMissing, CartFull, CatalogUnavailable, ServiceUnavailable) as exc:
        status, message, degraded = _message(exc)
        view = CartView(message=message, degraded=degraded)
        if not degraded:  # nothing changed, but the cart is still there to show
            try:
                view = CartView(cart=await cart.show(), message=message)
            except (CatalogUnavailable, ServiceUnavailable) as unavailable:
                view = CartView(message=message, degraded=_message(unavailable)[2])
    if isinstance(cart, GuestCart):
        keep_guest_lines(request, cart.lines)
        remember_count(request, sum(cart.lines.values()))
    elif view.cart is not None:
        remember_count(request, view.cart.count)
    return view, status


def answer(request: Request, view: CartView, status: int, *, fragment: str) -> Response:
    """htmx gets ``fragment`` with the header's count out of band; a plain form post goes back to the cart."""
    if request.headers.get("hx-request"):
        return templates.TemplateResponse(request, fragment, {"view": view, "oob": True}, status_code=status,
                                          headers={"Cache-Control": "no-store"})
    if status == 200:
        return RedirectResponse("/cart", status_code=303)
    return page(request, view, status)


def page(request: Request, view: CartView, status: int) -> Response:
    return templates.TemplateResponse(request, "cart.html", {"view": view},
                                      status_code=status, headers={"Cache-Control": "no-store"})


@router.get("/cart", summary="The shopper's cart")
async def show_cart(request: Request, customer_id: CustomerId, catalog: Catalog, orders: Orders) -> Response:
    cart = await open_cart(request, customer_id, catalog=catalog, orders=orders)
    view, status = await apply(request, cart, cart.show)
    return page(request, view, 200 if status == 200 else 503)


@router.post("/cart/items", summary="Add one of an album to the cart", responses=_CHANGED)
async def add_to_cart(request: Request, customer_id: CustomerId, catalog: Catalog, orders: Orders,
                      album_id: Annotated[str, Form()] = "") -> Response:
    cart = await open_cart(request, customer_id, catalog=catalog, orders=orders)
    view, status = await apply(request, cart, lambda: cart.add(album_id.strip()))
    if status == 200:
        added = next((line for line in view.cart.lines if line.album_id == album_id.strip()), None)
        view = CartView(cart=view.cart, message=f"Added “{added.title}” to your cart." if added else "")
    return answer(request, view, status, fragment="_cart_added.html")


@router.post("/cart/items/{album_id}", summary="Change how many of an album the cart holds (0 removes it)",
             responses=_CHANGED)
async def change_quantity(request: Request, album_id: str, customer_id: CustomerId, catalog: Catalog, orders: Orders,
                          quantity: Annotated[str, Form()] = "") -> Response:
    cart = await open_cart(request, customer_id, catalog=catalog, orders=orders)
    wanted = whole_number(quantity, most=MAX_QUANTITY)
    if wanted is None:
        view, _ = await apply(request, cart, cart.show)
        view = CartView(cart=view.cart, degraded=view.degraded,
                        message=f"Please choose a quantity from 0 to {MAX_QUANTITY}.")
        return answer(request, view, 422, fragment="_cart.html")
    view, status = await apply(
        request, cart, lambda: cart.change(album_id, wanted) if wanted else cart.remove(album_id))
    return answer(request, view, status, fragment="_cart.html")


@router.post("/cart/items/{album_id}/removal", summary="Take an album out of the cart", responses=_CHANGED)
async def remove_from_cart(request: Request, album_id: str, customer_id: CustomerId, catalog: Catalog,
                           orders: Orders) -> Response:
    cart = await open_cart(request, customer_id, catalog=catalog, orders=orders)
    view, status = await apply(request, cart, lambda: cart.remove(album_id))
    if status == 200:
        view = CartView(cart=view.cart, message="Removed from your cart.")
    return answer(request, view, status, fragment="_cart.html")
