"""The payments HTTP API (ADR 0006): charges, refunds, the ledger read back, and PayBuddy's callback.

Every unsafe POST needs an ``Idempotency-Key``: its first answer is kept and
given again to a retry, so the checkout saga may retry freely. Every error is
problem+json, the domain's errors mapped in one table below.
"""

from __future__ import annotations

from typing import Annotated

import orjson
from fastapi import APIRouter, Depends, FastAPI, Header, Query, Request
from starlette.responses import JSONResponse, Response

from musiccorp.chassis import Problem, create_service_app, problem_response
from musiccorp.chassis.correlation import current_correlation_id
from musiccorp.chassis.hal import HalResponse
from musiccorp.chassis.idempotency import IDEMPOTENCY_KEY_HEADER, fingerprint, require_key
from musiccorp.chassis.problems import PROBLEM_JSON
from musiccorp.payments.bootstrap import Payments, bootstrap
from musiccorp.payments.domain.cards import holds_card_number
from musiccorp.payments.domain.commands import RefundOrder, TakePayment
from musiccorp.payments.domain.errors import (
    AttemptInProgress,
    ConcurrentChange,
    IdempotencyKeyReused,
    IllegalTransition,
    InvalidPayment,
    PaymentClosed,
    PaymentNotFound,
    PaymentsError,
    ProviderTimedOut,
    ProviderUnavailable,
    SettlementTooEarly,
    UnverifiedNotification,
)
from musiccorp.payments.entrypoints import representations
from musiccorp.payments.entrypoints.schemas import (
    Id,
    NotificationRead,
    PaymentCreate,
    PaymentList,
    PaymentRead,
    RefundCreate,
    RefundRead,
    StatementRead,
)
from musiccorp.payments.service_layer import handlers, refunds, settlements, statements
from musiccorp.payments.service_layer.ports import Answer

_PROBLEM = {"description": "A problem document (RFC 9457)"}
_KEYED = {400: {"description": "No usable Idempotency-Key"}, 409: {"description": "A request with the key (or "
          "a charge for the order) is still in progress after waiting for it: retry shortly with the same key"},
          422: {"description": "Invalid body, a card number sent, or the key was used for another body"},
          502: {"description": "PayBuddy failed: retry with the same key"},
          504: {"description": "PayBuddy did not answer in time: retry with the same key"}}

# domain error -> (status, problem slug, title)
_PROBLEMS: dict[type[PaymentsError], tuple[int, str, str]] = {
    InvalidPayment: (422, "invalid-payment", "Invalid payment"),
    PaymentNotFound: (404, "payment-not-found", "Payment not found"),
    IllegalTransition: (409, "illegal-transition", "Not allowed in the payment's current state"),
    IdempotencyKeyReused: (422, "idempotency-key-reused", "Idempotency key reused"),
    AttemptInProgress: (409, "request-in-progress", "A charge is being taken right now"),
    PaymentClosed: (409, "payment-closed", "The payment was closed before it was taken"),
    ConcurrentChange: (409, "concurrent-change", "Changed meanwhile"),
    UnverifiedNotification: (401, "notification-unverified", "Unverified notification"),
    SettlementTooEarly: (503, "settlement-too-early", "Not ready for this settlement yet"),
    ProviderUnavailable: (502, "payment-provider-unavailable", "PayBuddy failed"),
    ProviderTimedOut: (504, "payment-provider-timeout", "PayBuddy did not answer in time"),
}
_RETRY_SOON = {"Retry-After": "1"}


async def _on_domain_error(request: Request, exc: PaymentsError) -> Response:
    status, slug, title = next(problem for kind, problem in _PROBLEMS.items() if isinstance(exc, kind))
    headers = _RETRY_SOON if isinstance(exc, AttemptInProgress | ConcurrentChange | SettlementTooEarly) else None
    return problem_response(status, slug, title=title, detail=str(exc), instance=request.url.path, headers=headers)


async def refuse_card_numbers(request: Request) -> None:
    """422 before anything else reads the body, when it holds what looks like a card number (9.6)."""
    try:
        document = orjson.loads(await request.body())
    except orjson.JSONDecodeError:
        return  # not JSON: the body's own validation answers
    if holds_card_number(document):
        raise Problem(422, "card-number-refused", title="Card numbers are not accepted",
                      detail="Payments never takes card numbers: send the card_token PayBuddy issued for the card.")


IdempotencyKey = Annotated[str | None, Header(alias=IDEMPOTENCY_KEY_HEADER, description=(
    "A key unique to this request (a UUID is good); a retry with the same key and body gets the first answer."))]
_NO_CARDS = [Depends(refuse_card_numbers)]


def _send(answer: Answer, request: Request) -> Response:
    """A kept answer as HTTP: a replayed creation is ``200``; a problem gets this request's instance and id."""
    if answer.status_code >= 400:
        body = {**answer.body, "instance": request.url.path}
        if correlation_id := current_correlation_id():
            body["correlation_id"] = correlation_id
        return Response(orjson.dumps(body), status_code=answer.status_code, media_type=PROBLEM_JSON)
    if answer.replayed:
        return HalResponse(answer.body, status_code=200 if answer.status_code == 201 else answer.status_code)
    headers = {"Location": representations.payment_href(answer.resource_id)} if answer.resource_id else None
    return HalResponse(answer.body, status_code=answer.status_code, headers=headers)


def payments_router(payments: Payments) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["payments"])
    uow, provider, clock = payments.uow, payments.provider, payments.clock

    @router.post("/payments", status_code=201, response_model=PaymentRead, response_class=HalResponse,
                 dependencies=_NO_CARDS, summary="Charge an order's payment, once per Idempotency-Key",
                 responses={200: {"description": "The same request again: the payment it created"},
                            402: {"description": "Declined (the attempt is in the ledger)"}, **_KEYED})
    async def take_payment(request: Request, body: PaymentCreate, idempotency_key: IdempotencyKey = None) -> Response:
        key = require_key(idempotency_key)
        command = TakePayment(key=key, fingerprint=fingerprint(body.model_dump(mode="json")),
                              order_id=body.order_id, customer_id=body.customer_id, amount=body.amount.to_domain(),
                              card_token=body.card_token, lines=tuple(line.to_domain() for line in body.lines))
        answer = await handlers.take_payment(command, uow=uow(), provider=provider,
                                             present=representations.charge_answer, clock=clock,
                                             lease=payments.lease, patience=payments.patience)
        return _send(answer, request)

    @router.post("/refunds", status_code=201, response_model=RefundRead, response_class=HalResponse,
                 dependencies=_NO_CARDS, summary="Give back everything taken for an order (the saga's compensation)",
                 responses={200: {"description": "The same request again: its first answer"}, **_KEYED})
    async def refund_order(request: Request, body: RefundCreate, idempotency_key: IdempotencyKey = None) -> Response:
        command = RefundOrder(key=require_key(idempotency_key), fingerprint=fingerprint(body.model_dump(mode="json")),
                              order_id=body.order_id, reason=body.reason.strip())
        answer = await refunds.refund_order(command, uow=uow(), provider=provider,
                                            present=representations.refund_answer, clock=clock,
                                            patience=payments.patience)
        return _send(answer, request)

    @router.get("/payments/{payment_id}", response_model=PaymentRead, response_class=HalResponse,
                responses={404: _PROBLEM}, summary="One payment, with its ledger lines")
    async def get_payment(payment_id: str) -> Response:
        return HalResponse(representations.payment(await handlers.find_payment(payment_id, uow=uow())))

    @router.get("/payments", response_model=PaymentList, response_class=HalResponse,
                summary="The payments (attempts included) for an order")
    async def payments_for_order(order_id: Annotated[str, Query(min_length=1, max_length=64)]) -> Response:
        return HalResponse(representations.payments(await handlers.payments_for_order(order_id, uow=uow())))

    @router.get("/statements/{customer_id}", response_model=StatementRead, response_class=HalResponse,
                summary="A customer's ledger lines, titles from the catalog")
    async def get_statement(customer_id: Id) -> Response:
        lines = await statements.statement(customer_id, uow=uow(), catalog=payments.catalog)
        return HalResponse(representations.statement(customer_id, lines))

    @router.post("/paybuddy/notifications", response_model=NotificationRead,
                 responses={202: {"description": "Not about a payment of ours: ignored", "model": NotificationRead},
                            401: {"description": "The signature does not match the body"},
                            503: {"description": "The charge's payment is not recorded yet: call again"}},
                 summary="PayBuddy's settlement callback (signed with X-PayBuddy-Signature)")
    async def paybuddy_notification(request: Request) -> Response:
        settled = await settlements.settle(await request.body(), request.headers, uow=uow(), provider=provider,
                                           clock=clock)
        if settled is None:
            return JSONResponse({"status": "ignored"}, status_code=202)
        return JSONResponse({"status": settled.status.value, "payment_id": settled.id})

    return router


def create_app(payments: Payments | None = None) -> FastAPI:
    """The ASGI app (granian factory target ``musiccorp.payments.entrypoints.api:create_app``)."""
    payments = payments or bootstrap()
    app = create_service_app(payments.runtime, routers=[payments_router(payments)])
    app.add_exception_handler(PaymentsError, _on_domain_error)
    return app
