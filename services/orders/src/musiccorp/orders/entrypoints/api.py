"""The orders' HTTP API: carts, placing an order exactly once, and reading orders — also by long-poll.

Every representation is HAL; every error is problem+json, the domain's errors
mapped in one table below. The saga runner starts and stops with the app.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, FastAPI, Path, Query, Request
from starlette.responses import Response

from musiccorp.chassis import create_service_app, problem_response
from musiccorp.chassis.correlation import current_correlation_id
from musiccorp.chassis.hal import HalResponse
from musiccorp.chassis.idempotency import IDEMPOTENCY_KEY_HEADER, KeyReused, fingerprint, require_key
from musiccorp.orders.bootstrap import Orders, bootstrap
from musiccorp.orders.domain.cart import Cart
from musiccorp.orders.domain.commands import LineRequest, PlaceOrder, PutCartItem, RemoveCartItem
from musiccorp.orders.domain.errors import (
    CatalogUnavailable,
    ConcurrentChange,
    DuplicateRequest,
    IdempotencyKeyReused,
    IllegalTransition,
    InvalidOrder,
    LeaseLost,
    OrderNotFound,
    OrdersError,
    UnknownAlbum,
)
from musiccorp.orders.domain.model import ID_PATTERN, Order
from musiccorp.orders.entrypoints import representations
from musiccorp.orders.entrypoints.schemas import CartItemUpdate, CartRead, OrderCreate, OrderList, OrderRead
from musiccorp.orders.service_layer import handlers

MAX_WAIT_SECONDS = 30
LIST_LIMIT = 50

_PROBLEM = {"description": "A problem document (RFC 9457)"}
_ETAG = {"description": "The order's version, quoted", "schema": {"type": "string"}}
_LOCATION = {"description": "The order's URI", "schema": {"type": "string"}}
_IDEMPOTENCY_KEY = {
    "name": IDEMPOTENCY_KEY_HEADER, "in": "header", "required": True,
    "description": "Your id for this order request (a UUID is good). The same key with the same body answers "
                   "the order first placed with it (200); with another body, 422.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": r"^[!-~]([ -~]*[!-~])?$"},
}

# domain error -> (status, problem slug, title)
_PROBLEMS: dict[type[OrdersError], tuple[int, str, str]] = {
    InvalidOrder: (422, "invalid-order", "Invalid order"),
    UnknownAlbum: (422, "unknown-album", "Unknown album"),
    OrderNotFound: (404, "order-not-found", "Order not found"),
    CatalogUnavailable: (503, "catalog-unavailable", "Catalog unavailable"),
    DuplicateRequest: (409, "request-in-progress", "The same request is in progress"),
    IllegalTransition: (409, "illegal-transition", "Not allowed in the order's current state"),
    ConcurrentChange: (409, "concurrent-change", "Changed meanwhile"),
    LeaseLost: (409, "concurrent-change", "Changed meanwhile"),
}

CustomerId = Annotated[str, Path(pattern=ID_PATTERN, examples=["5b0e3f6c-3a8e-4c1b-9a43-0f5f2a1d7c10"])]
AlbumId = Annotated[str, Path(pattern=ID_PATTERN, examples=["1f0c7d1e-8a53-5bd4-9c0e-6a8f0f3c2a11"])]


async def _on_domain_error(request: Request, exc: OrdersError) -> Response:
    if isinstance(exc, IdempotencyKeyReused):  # worded as every service words it
        reused = KeyReused(exc.key)
        return problem_response(reused.status, reused.slug, title=reused.title, detail=reused.detail,
                                instance=request.url.path)
    status, slug, title = next(problem for kind, problem in _PROBLEMS.items() if isinstance(exc, kind))
    extra = {"album_id": exc.album_id} if isinstance(exc, UnknownAlbum) else {}
    headers = {"Retry-After": "5"} if status == 503 else None
    return problem_response(status, slug, title=title, detail=str(exc), instance=request.url.path, headers=headers,
                            **extra)


def _cart(cart: Cart) -> Response:
    return HalResponse(representations.cart(cart))


def _order(order: Order, *, status_code: int = 200, headers: dict[str, str] | None = None) -> Response:
    return HalResponse(representations.order(order), status_code=status_code,
                       headers={"ETag": representations.etag(order), **(headers or {})})


def carts_router(orders: Orders) -> APIRouter:
    router = APIRouter(prefix="/v1/carts", tags=["carts"])
    uow = orders.uow
    one = {"response_model": CartRead, "response_class": HalResponse}

    @router.get("/{customer_id}", **one, responses={422: _PROBLEM}, summary="The customer's cart (empty if none)")
    async def get_cart(customer_id: CustomerId) -> Response:
        return _cart(await handlers.cart(customer_id, uow=uow()))

    @router.put("/{customer_id}/items/{album_id}", **one, responses={422: _PROBLEM, 503: _PROBLEM},
                summary="Put an album in the cart, or change how many")
    async def put_item(customer_id: CustomerId, album_id: AlbumId, body: CartItemUpdate) -> Response:
        command = PutCartItem(customer_id=customer_id, album_id=album_id, quantity=body.quantity)
        return _cart(await handlers.put_cart_item(command, uow=uow(), catalog=orders.catalog, clock=orders.clock))

    @router.delete("/{customer_id}/items/{album_id}", **one, responses={422: _PROBLEM},
                   summary="Take an album out of the cart")
    async def remove_item(customer_id: CustomerId, album_id: AlbumId) -> Response:
        command = RemoveCartItem(customer_id=customer_id, album_id=album_id)
        return _cart(await handlers.remove_cart_item(command, uow=uow()))

    return router


def orders_router(orders: Orders) -> APIRouter:
    router = APIRouter(prefix="/v1/orders", tags=["orders"])
    uow = orders.uow
    one = {"response_model": OrderRead, "response_class": HalResponse}

    @router.post("", status_code=201, **one, openapi_extra={"parameters": [_IDEMPOTENCY_KEY]},
                 responses={200: {"description": "The order first placed with this Idempotency-Key and body",
                                  "headers": {"Location": _LOCATION, "ETag": _ETAG}},
                            201: {"description": "Placed: its saga has started",
                                  "headers": {"Location": _LOCATION, "ETag": _ETAG}},
                            400: _PROBLEM, 409: _PROBLEM, 422: _PROBLEM, 503: _PROBLEM},
                 summary="Place an order, once per Idempotency-Key")
    async def place_order(request: Request, body: OrderCreate) -> Response:
        key = require_key(request.headers.get(IDEMPOTENCY_KEY_HEADER))
        command = PlaceOrder(
            idempotency_key=key, fingerprint=fingerprint(body.model_dump(mode="json")),
            customer_id=body.customer_id, card_token=body.card_token,
            lines=tuple(LineRequest(album_id=line.album_id, quantity=line.quantity) for line in body.lines),
            shipping_address=body.shipping_address.to_domain(), correlation_id=current_correlation_id())
        placement = await handlers.place_order(command, uow=uow(), catalog=orders.catalog, sagas=orders.runner,
                                               clock=orders.clock)
        order = placement.order
        return _order(order, status_code=201 if placement.created else 200,
                      headers={"Location": representations.order_href(order.id)})

    @router.get("/{order_id}", **one, responses={200: {"headers": {"ETag": _ETAG}}, 404: _PROBLEM},
                summary="One order; with wait and version_gt, as soon as it has moved on")
    async def get_order(
        order_id: str,
        wait: Annotated[float, Query(ge=0, le=MAX_WAIT_SECONDS,
                                     description="Long-poll: answer once version > version_gt, or after this "
                                                 "many seconds with the order as it is")] = 0,
        version_gt: Annotated[int | None, Query(ge=0, description="The version the caller has seen")] = None,
    ) -> Response:
        if wait and version_gt is not None:
            order = await handlers.watch_order(order_id, version_gt=version_gt, wait=wait, uow=uow(),
                                               changes=orders.changes)
        else:
            order = await handlers.find_order(order_id, uow=uow())
        return _order(order)

    @router.get("", response_model=OrderList, response_class=HalResponse, responses={422: _PROBLEM},
                summary=f"A customer's orders, newest first (at most {LIST_LIMIT})")
    async def list_orders(customer_id: Annotated[str, Query(pattern=ID_PATTERN)]) -> Response:
        return HalResponse(representations.order_list(
            await handlers.orders_of(customer_id, uow=uow(), limit=LIST_LIMIT)))

    return router


def create_app(orders: Orders | None = None) -> FastAPI:
    """The ASGI app (factory target ``musiccorp.orders.entrypoints.api:create_app``)."""
    orders = orders or bootstrap()
    app = create_service_app(orders.runtime, routers=[carts_router(orders), orders_router(orders)],
                             startup=[orders.runner.start], shutdown=[orders.runner.stop])
    app.add_exception_handler(OrdersError, _on_domain_error)
    return app
