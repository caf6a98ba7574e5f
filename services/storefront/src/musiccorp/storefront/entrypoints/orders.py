"""The order page, live while the saga moves the order on, and the order history.

The order page follows its order with server-sent events. For each open page
the storefront long-polls orders (``?wait=25&version_gt=N``): orders answers the
moment the order changes, and the storefront pushes the re-drawn status to the
browser. A stream closes when the order is final, and stops at once when the
browser leaves. Without JavaScript the page still shows the status as it was
drawn, with a link to look again.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from musiccorp.storefront.domain.errors import OrderMissing, ServiceUnavailable
from musiccorp.storefront.domain.orders import Order
from musiccorp.storefront.entrypoints.dependencies import CustomerId, Orders, Settings
from musiccorp.storefront.entrypoints.forms import whole_number
from musiccorp.storefront.entrypoints.rendering import render, templates
from musiccorp.storefront.entrypoints.sse import EVENT_STREAM, KEEP_ALIVE, EventStream, event, retry
from musiccorp.storefront.service_layer import orders as orders_pages
from musiccorp.storefront.service_layer.ports import AbstractOrders

_HTML = {"content": {"text/html": {"schema": {"type": "string"}}}}
_NOT_YOURS = {404: {"description": "No such order, or not the shopper's", **_HTML}}
_EVENT = {"type": "object", "description": "One server-sent event", "required": ["event", "data"], "properties": {
    "event": {"enum": ["order", "end"]}, "id": {"type": "string", "description": "The order's version"},
    "data": {"type": "string", "description": "`order`: the status drawn in HTML; `end`: `final`"},
    "retry": {"type": "integer"}}}
_SIGN_IN = {303: {"description": "Not signed in: on to sign in, and back here after"}}

RECONNECT_MS = 3_000
"""After a stream breaks, the browser reconnects this soon, resuming from the last event it saw."""
UNAVAILABLE_RECONNECT_MS = 10_000
"""Orders did not answer: the browser tries again later, and meanwhile the page keeps what it shows."""
BUSY_RECONNECT_MS = 15_000
"""This instance follows as many orders as it may: the browser asks again later (polling, in effect)."""


class StreamSlots:
    """At most ``limit`` orders followed at once. Each holds a long poll open to orders, and the orders
    client's bulkhead is sized for these plus the shop's other calls (see ``bootstrap``)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.in_use = 0

    def take(self) -> bool:
        if self.in_use >= self.limit:
            return False
        self.in_use += 1
        return True

    def give_back(self) -> None:
        self.in_use -= 1


async def get_order_streams(request: Request) -> StreamSlots:
    return request.app.state.order_streams


OrderStreams = Annotated[StreamSlots, Depends(get_order_streams)]
"""This app's slots for live order pages (``create_app`` puts them on ``app.state``)."""


def _fragment(order: Order) -> str:
    return templates.get_template("_order_status.html").render(order=order)


def _seen(request: Request, after: int) -> int:
    """The last version the browser has: from ``Last-Event-ID`` when it reconnects, else what the page drew."""
    last = whole_number(request.headers.get("last-event-id", ""), most=999_999_999)
    return after if last is None else last


router = APIRouter(tags=["orders"], default_response_class=HTMLResponse, responses={
    503: {"description": "Rendered without a service it needs (it says which)", **_HTML}})


def sign_in_first(path: str) -> Response:
    return RedirectResponse(f"/sign-in?next={quote(path, safe='/')}", status_code=303)


def not_yours(request: Request) -> Response:
    return templates.TemplateResponse(request, "order_not_found.html", {}, status_code=404)


@router.get("/orders", summary="The signed-in customer's orders, newest first", responses=_SIGN_IN)
async def history(request: Request, customer_id: CustomerId, orders: Orders) -> Response:
    if customer_id is None:
        return sign_in_first("/orders")
    return render(request, "orders.html", await orders_pages.history(customer_id, orders=orders))


@router.get("/orders/{order_id}", summary="One order and how far it has got", responses=_SIGN_IN | _NOT_YOURS)
async def order_page(request: Request, order_id: str, customer_id: CustomerId, orders: Orders) -> Response:
    if customer_id is None:
        return sign_in_first(f"/orders/{order_id}")
    try:
        view = await orders_pages.order_page(order_id, customer_id=customer_id, orders=orders)
    except OrderMissing:
        return not_yours(request)
    return render(request, "order.html", view)


async def live(order: Order, seen: int, *, orders: AbstractOrders, slots: StreamSlots,
               wait: float) -> AsyncIterator[str]:
    """The stream of one order page: its status each time it changes, until the order is final."""
    if not slots.take():
        if order.version > seen:
            yield event("order", _fragment(order), event_id=order.version)
        yield retry(BUSY_RECONNECT_MS)
        return
    try:
        yield retry(RECONNECT_MS)
        async for latest in orders_pages.follow(order, orders=orders, seen=seen, wait=wait):
            yield KEEP_ALIVE if latest is None else event("order", _fragment(latest), event_id=latest.version)
        yield event("end", "final")  # so the browser closes rather than reconnects
    except ServiceUnavailable:
        yield retry(UNAVAILABLE_RECONNECT_MS)
    finally:
        slots.give_back()


@router.get("/orders/{order_id}/events", summary="The order's status, live (server-sent events)",
            response_class=EventStream, responses={
                200: {"description": "`event: order` with the status as HTML each time the order changes; "
                                     "`event: end` once it is final",
                      "content": {EVENT_STREAM: {"schema": _EVENT}}},
                **_NOT_YOURS})
async def order_events(request: Request, order_id: str, customer_id: CustomerId, orders: Orders, settings: Settings,
                       slots: OrderStreams, after: Annotated[int, Query(ge=0, le=999_999_999)] = 0) -> Response:
    if customer_id is None:
        return not_yours(request)
    try:
        order = await orders_pages.owned_order(order_id, customer_id=customer_id, orders=orders)
    except OrderMissing:
        return not_yours(request)
    except ServiceUnavailable:
        return EventStream(_once(retry(UNAVAILABLE_RECONNECT_MS)))
    return EventStream(live(order, _seen(request, after), orders=orders, slots=slots, wait=settings.order_wait))


async def _once(text: str) -> AsyncIterator[str]:
    yield text
