"""The loyalty HTTP API: ``GET /v1/accounts/{customer_id}`` — the balance and the entries that explain it."""

from __future__ import annotations

from typing import Literal

import orjson
from fastapi import APIRouter, FastAPI, Request
from pydantic import BaseModel, Field
from starlette.responses import Response

from musiccorp.chassis import Problem, create_service_app
from musiccorp.chassis.conditional import cacheable
from musiccorp.chassis.hal import HAL_JSON, HalResponse
from musiccorp.loyalty.bootstrap import Loyalty, bootstrap
from musiccorp.loyalty.domain.errors import AccountNotFound
from musiccorp.loyalty.domain.model import RECENT_ENTRIES, EntryKind, PointsAccount
from musiccorp.loyalty.entrypoints.consumer import subscriptions
from musiccorp.loyalty.service_layer import handlers


class Link(BaseModel):
    href: str


class AccountLinks(BaseModel):
    self: Link
    customer: Link


class EntryRead(BaseModel):
    kind: Literal[tuple(EntryKind)]  # type: ignore[valid-type]
    points: int = Field(description="Signed: a reversal takes points back")
    order_id: str | None = Field(description="The order that earned, or lost, the points")
    at: str


class AccountRead(BaseModel):
    customer_id: str
    points: int = Field(ge=0, description="The balance: the sum of every entry, never below zero")
    opened_at: str
    entries: list[EntryRead] = Field(description=f"The latest {RECENT_ENTRIES} entries, newest first")
    links: AccountLinks = Field(alias="_links")


def representation(account: PointsAccount) -> dict:
    return {
        "customer_id": account.customer_id,
        "points": account.points,
        "opened_at": account.opened_at.isoformat(),
        "entries": [{"kind": entry.kind.value, "points": entry.points, "order_id": entry.order_id,
                     "at": entry.at.isoformat()} for entry in account.entries],
        "_links": {"self": {"href": f"/v1/accounts/{account.customer_id}"},
                   "customer": {"href": f"http://customers/v1/customers/{account.customer_id}"}},
    }


def accounts_router(loyalty: Loyalty) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["accounts"])

    @router.get("/accounts/{customer_id}", response_model=AccountRead, response_class=HalResponse,
                responses={304: {"description": "Not modified"}, 404: {"description": "No account (yet)"}},
                summary="A customer's points account")
    async def get_account(request: Request, customer_id: str) -> Response:
        try:
            account = await handlers.find_account(customer_id, accounts=loyalty.repository)
        except AccountNotFound as exc:
            raise Problem(404, "account-not-found", title="Account not found", detail=str(exc)) from None
        return cacheable(request, orjson.dumps(representation(account)), media_type=HAL_JSON, max_age=0)

    return router


def create_app(loyalty: Loyalty | None = None) -> FastAPI:
    """The ASGI app (granian factory target ``musiccorp.loyalty.entrypoints.api:create_app``)."""
    loyalty = loyalty or bootstrap()
    for subscription in subscriptions(loyalty):
        loyalty.runtime.subscribe(subscription)
    return create_service_app(loyalty.runtime, routers=[accounts_router(loyalty)])
