"""The shipping HTTP API: ``/v1/shipments/{order_id}`` (one per order) and the public ``/v1/tracking/{number}``.

Every step the checkout saga takes here is idempotent by order id (ADR 0006):
``PUT`` the same shipment again and get it back (200), ``DELETE`` what is gone
and get 204. Every error is problem+json, the domain's errors mapped in one
table below.
"""

from __future__ import annotations

from typing import Annotated

import orjson
from fastapi import APIRouter, FastAPI, Path, Request
from starlette.responses import Response

from musiccorp.chassis import create_service_app, problem_response
from musiccorp.chassis.conditional import cacheable
from musiccorp.chassis.hal import HAL_JSON, HalResponse
from musiccorp.shipping.bootstrap import Shipping, bootstrap
from musiccorp.shipping.domain.commands import CancelShipment, RequestShipment
from musiccorp.shipping.domain.errors import (
    AlreadyDispatched,
    ConcurrentChange,
    IllegalTransition,
    InvalidShipment,
    ShipmentDiffers,
    ShipmentNotFound,
    ShippingError,
    TrackingNumberNotFound,
)
from musiccorp.shipping.domain.model import IDENTIFIER_PATTERN, Shipment
from musiccorp.shipping.entrypoints import representations
from musiccorp.shipping.entrypoints.consumer import subscriptions
from musiccorp.shipping.entrypoints.schemas import ShipmentRead, ShipmentWrite, TrackingRead
from musiccorp.shipping.service_layer import handlers

_PROBLEM = {"description": "A problem document (RFC 9457)"}
_CREATED = {"description": "Created: the order's shipment, awaiting picking", "headers": {"Location": {
    "description": "The new shipment's URI", "schema": {"type": "string"}}}}

# domain error -> (status, problem slug, title); the first match wins, so a subclass comes before its base.
_PROBLEMS: dict[type[ShippingError], tuple[int, str, str]] = {
    ShipmentNotFound: (404, "shipment-not-found", "Shipment not found"),
    TrackingNumberNotFound: (404, "tracking-number-not-found", "Tracking number not found"),
    AlreadyDispatched: (409, "already-dispatched", "Already dispatched"),
    IllegalTransition: (409, "illegal-transition", "Not allowed in the shipment's current state"),
    ConcurrentChange: (409, "concurrent-change", "Changed meanwhile"),
    ShipmentDiffers: (422, "shipment-differs", "The order already has another shipment"),
    InvalidShipment: (422, "invalid-shipment", "Invalid shipment"),
}

OrderId = Annotated[str, Path(pattern=IDENTIFIER_PATTERN, description="The order's id: one shipment per order",
                              examples=["9a1f0c2e-6b3d-4e8f-a7c5-1d2e3f4a5b6c"])]


async def _on_domain_error(request: Request, exc: ShippingError) -> Response:
    status, slug, title = next(problem for kind, problem in _PROBLEMS.items() if isinstance(exc, kind))
    return problem_response(status, slug, title=title, detail=str(exc), instance=request.url.path)


def _hal(shipment: Shipment, *, status_code: int = 200, headers: dict[str, str] | None = None) -> Response:
    return HalResponse(representations.shipment(shipment), status_code=status_code, headers=headers)


def shipments_router(shipping: Shipping) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["shipments"])
    uow, clock = shipping.uow, shipping.clock
    one = {"response_model": ShipmentRead, "response_class": HalResponse}

    @router.put("/shipments/{order_id}", **one, responses={200: {"description": "The same shipment, asked again"},
                                                         201: _CREATED, 422: _PROBLEM},
                summary="Ship an order (idempotent: the same body again answers 200 with the same shipment)")
    async def put_shipment(order_id: OrderId, body: ShipmentWrite) -> Response:
        command = RequestShipment(order_id=order_id, customer_id=body.customer_id, address=body.address.to_domain(),
                                  items=body.to_items())
        shipment, created = await handlers.request_shipment(command, uow=uow(), clock=clock)
        if not created:
            return _hal(shipment)
        return _hal(shipment, status_code=201, headers={"Location": representations.shipment_href(order_id)})

    @router.get("/shipments/{order_id}", **one, responses={404: _PROBLEM, 422: _PROBLEM},
                summary="The order's shipment, with the actions open to it")
    async def get_shipment(order_id: OrderId) -> Response:
        return _hal(await handlers.find_shipment(order_id, uow=uow()))

    @router.delete("/shipments/{order_id}", status_code=204, response_class=Response,
                   responses={204: {"description": "Cancelled, or nothing (any more) to cancel"},
                              409: _PROBLEM, 422: _PROBLEM},
                   summary="Cancel the order's shipment (a compensation: safe to repeat)")
    async def cancel_shipment(order_id: OrderId) -> Response:
        await handlers.cancel_shipment(CancelShipment(order_id), uow=uow(), clock=clock)
        return Response(status_code=204)

    @router.get("/tracking/{tracking_number}", response_model=TrackingRead, response_class=HalResponse,
                responses={304: {"description": "Not modified"}, 404: _PROBLEM}, tags=["tracking"],
                summary="Where a parcel is: its status and dates, for anyone holding the number")
    async def get_tracking(request: Request, tracking_number: str) -> Response:
        shipment = await handlers.track(tracking_number, uow=uow())
        # Customers reload this page while they wait: an ETag makes "nothing changed" an empty 304.
        return cacheable(request, orjson.dumps(representations.tracking(shipment)), media_type=HAL_JSON, max_age=0)

    return router


def create_app(shipping: Shipping | None = None) -> FastAPI:
    """The ASGI app (granian factory target ``musiccorp.shipping.entrypoints.api:create_app``)."""
    shipping = shipping or bootstrap()
    for subscription in subscriptions(shipping):
        shipping.runtime.subscribe(subscription)
    app = create_service_app(shipping.runtime, routers=[shipments_router(shipping)])
    app.add_exception_handler(ShippingError, _on_domain_error)
    return app
