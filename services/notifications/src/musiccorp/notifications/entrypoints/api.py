"""The notifications HTTP API: ``GET /v1/mails?customer_id=``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, FastAPI, Query
from pydantic import BaseModel

from musiccorp.chassis import create_service_app
from musiccorp.notifications.bootstrap import Notifications, bootstrap
from musiccorp.notifications.entrypoints.consumer import subscriptions
from musiccorp.notifications.entrypoints.sender import MailSender


class MailRead(BaseModel):
    id: str
    customer_id: str
    to: str
    subject: str
    status: str
    created_at: str
    sent_at: str | None


class MailList(BaseModel):
    mails: list[MailRead]


def mails_router(notifications: Notifications) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["mails"])

    @router.get("/mails", response_model=MailList, summary="Mails recorded for a customer, oldest first")
    async def list_mails(customer_id: Annotated[str, Query(min_length=1, max_length=64)]) -> dict:
        mails = await notifications.repository.for_customer(customer_id)
        return {"mails": [
            {"id": m.id, "customer_id": m.customer_id, "to": m.to, "subject": m.subject, "status": m.status.value,
             "created_at": m.created_at.isoformat(), "sent_at": m.sent_at.isoformat() if m.sent_at else None}
            for m in mails
        ]}

    return router


def create_app(notifications: Notifications | None = None) -> FastAPI:
    """The ASGI app (granian factory target ``musiccorp.notifications.entrypoints.api:create_app``)."""
    notifications = notifications or bootstrap()
    for subscription in subscriptions(notifications):
        notifications.runtime.subscribe(subscription)
    sender = MailSender(notifications)
    return create_service_app(notifications.runtime, routers=[mails_router(notifications)],
                              startup=[sender.start], shutdown=[sender.stop])
