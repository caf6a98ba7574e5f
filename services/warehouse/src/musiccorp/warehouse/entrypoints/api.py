"""The warehouse's HTTP API: reservations (ADR 0006, step 1 and 4 of the checkout saga) and stock levels.

Every step is idempotent by order id, because the saga re-runs a step after a
crash: the same reservation again is 200 with what it made; a confirmation or
a release repeated changes nothing. Every representation is HAL and offers
only the actions its state allows; every error is problem+json, the domain's
errors mapped in one table below. The process also runs the hold sweeper and
the in-process pickers.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from starlette.responses import Response

from musiccorp.chassis import create_service_app, problem_response
from musiccorp.chassis.events import WorkerPool
from musiccorp.chassis.hal import HalResponse
from musiccorp.warehouse.bootstrap import Warehouse, bootstrap
from musiccorp.warehouse.domain.commands import ConfirmReservation, ReleaseReservation, ReserveStock
from musiccorp.warehouse.domain.errors import (
    AlreadyConfirmed,
    ConcurrentChange,
    InsufficientStock,
    InvalidReservation,
    ReservationMismatch,
    ReservationNotFound,
    ReservationNotHeld,
    StockNotFound,
    UnsupportedDestination,
    WarehouseError,
)
from musiccorp.warehouse.domain.model import Reservation
from musiccorp.warehouse.entrypoints import representations
from musiccorp.warehouse.entrypoints.picker import picker_pool
from musiccorp.warehouse.entrypoints.schemas import (
    AlbumId,
    OrderId,
    ReservationRead,
    ReservationWrite,
    StockRead,
)
from musiccorp.warehouse.entrypoints.sweeper import HoldSweeper
from musiccorp.warehouse.service_layer import handlers

_PROBLEM = {"description": "A problem document (RFC 9457)"}
_CREATED = {"description": "Reserved: the stock is held until expires_at", "headers": {"Location": {
    "description": "The reservation's URI", "schema": {"type": "string"}}}}
_AGAIN = {"model": ReservationRead, "description": "The same reservation again, in its current state"}

# domain error -> (status, problem slug, title)
_PROBLEMS: dict[type[WarehouseError], tuple[int, str, str]] = {
    InvalidReservation: (422, "invalid-reservation", "Invalid reservation"),
    UnsupportedDestination: (422, "unsupported-destination", "We do not ship there"),
    ReservationMismatch: (422, "reservation-mismatch", "The order is reserved with other lines"),
    InsufficientStock: (409, "insufficient-stock", "Not enough stock"),
    ReservationNotHeld: (409, "reservation-not-held", "The reservation is no longer held"),
    AlreadyConfirmed: (409, "already-confirmed", "The reservation is confirmed"),
    ConcurrentChange: (409, "concurrent-change", "Changed meanwhile"),
    ReservationNotFound: (404, "reservation-not-found", "Reservation not found"),
    StockNotFound: (404, "stock-not-found", "No stock of the album"),
}


def _extra(exc: WarehouseError) -> dict:
    match exc:
        case InsufficientStock():
            return {"album_id": exc.album_id, "requested": exc.requested, "available": exc.available}
        case UnsupportedDestination():
            return {"country": exc.country}
        case ReservationNotHeld():
            return {"reservation_status": exc.status}
    return {}


async def _on_domain_error(request: Request, exc: WarehouseError) -> Response:
    status, slug, title = next(problem for kind, problem in _PROBLEMS.items() if isinstance(exc, kind))
    return problem_response(status, slug, title=title, detail=str(exc), instance=request.url.path, **_extra(exc))


def _hal(reservation: Reservation, *, status_code: int = 200, headers: dict[str, str] | None = None) -> Response:
    return HalResponse(representations.reservation(reservation), status_code=status_code, headers=headers)


def reservations_router(warehouse: Warehouse) -> APIRouter:
    router = APIRouter(prefix="/v1/reservations", tags=["reservations"])
    uow, clock = warehouse.uow, warehouse.clock
    one = {"response_model": ReservationRead, "response_class": HalResponse}

    @router.put("/{order_id}", status_code=201, **one,
                responses={200: _AGAIN, 201: _CREATED, 409: _PROBLEM, 422: _PROBLEM},
                summary="Hold stock for an order (idempotent: the same lines again answer 200)")
    async def reserve(order_id: OrderId, body: ReservationWrite) -> Response:
        command = ReserveStock(order_id=order_id, ship_to_country=body.ship_to_country, lines=body.to_lines())
        reservation, created = await handlers.reserve_stock(command, uow=uow(), clock=clock,
                                                            hold_for=warehouse.hold_for)
        if not created:
            return _hal(reservation)
        return _hal(reservation, status_code=201,
                    headers={"Location": representations.reservation_href(reservation.order_id)})

    @router.get("/{order_id}", **one, responses={404: _PROBLEM, 422: _PROBLEM},
                summary="An order's reservation, with the actions open to it")
    async def get_reservation(order_id: OrderId) -> Response:
        return _hal(await handlers.find_reservation(order_id, uow=uow(), clock=clock))

    @router.put("/{order_id}/confirmation", **one, responses={404: _PROBLEM, 409: _PROBLEM, 422: _PROBLEM},
                summary="Confirm the held stock: it leaves the shelf for good and is picked (idempotent)")
    async def confirm(order_id: OrderId) -> Response:
        return _hal(await handlers.confirm_reservation(ConfirmReservation(order_id), uow=uow(), clock=clock))

    @router.delete("/{order_id}", status_code=204, response_class=Response,
                   responses={204: {"description": "Released, or nothing (any more) to release"},
                              409: _PROBLEM, 422: _PROBLEM},
                   summary="Release the held stock (the saga's compensation; idempotent)")
    async def release(order_id: OrderId) -> Response:
        await handlers.release_reservation(ReleaseReservation(order_id), uow=uow(), clock=clock)
        return Response(status_code=204)

    return router


def stock_router(warehouse: Warehouse) -> APIRouter:
    router = APIRouter(prefix="/v1/stock", tags=["stock"])

    @router.get("/{album_id}", response_model=StockRead, response_class=HalResponse,
                responses={404: _PROBLEM, 422: _PROBLEM}, summary="How many units of an album are on hand and free")
    async def get_stock(album_id: AlbumId) -> Response:
        level = await handlers.find_stock(album_id, uow=warehouse.uow(), clock=warehouse.clock)
        return HalResponse(representations.stock(level))

    return router


class BackgroundWork:
    """The hold sweeper and, with a broker and a database, the in-process pickers."""

    def __init__(self, warehouse: Warehouse) -> None:
        self._warehouse = warehouse
        self._sweeper = HoldSweeper(unit_of_work=warehouse.uow, clock=warehouse.clock,
                                    interval=warehouse.settings.sweep_interval_seconds)
        self.pickers: WorkerPool | None = None

    async def start(self) -> None:
        warehouse = self._warehouse
        runtime, settings = warehouse.runtime, warehouse.settings
        self._sweeper.start()
        runtime.health.register("hold sweeper", self._sweeper.check)
        if settings.nats_url and settings.pickers and runtime.database is not None:
            prefix = f"{runtime.instance.instance_id}-picker"
            self.pickers = picker_pool(warehouse, size=settings.pickers, prefix=prefix)
            await self.pickers.start()
            runtime.health.register("pickers", self.pickers.check)

    async def stop(self) -> None:
        if self.pickers is not None:
            await self.pickers.stop()
            self.pickers = None
        await self._sweeper.stop()


def create_app(warehouse: Warehouse | None = None) -> FastAPI:
    """The ASGI app (granian factory target ``musiccorp.warehouse.entrypoints.api:create_app``)."""
    warehouse = warehouse or bootstrap()
    background = BackgroundWork(warehouse)
    app = create_service_app(warehouse.runtime, routers=[reservations_router(warehouse), stock_router(warehouse)],
                             startup=[background.start], shutdown=[background.stop])
    app.state.background = background
    app.add_exception_handler(WarehouseError, _on_domain_error)
    return app
