"""HAL representations of payments, refunds and statements, and the answers kept per idempotency key."""

from __future__ import annotations

from musiccorp.chassis.problems import PROBLEM_BASE
from musiccorp.payments.domain.model import LedgerLine, Payment, Status
from musiccorp.payments.domain.money import Money
from musiccorp.payments.domain.refunds import RefundSummary
from musiccorp.payments.domain.statement import StatementLine
from musiccorp.payments.service_layer.ports import Answer


def payment_href(payment_id: str) -> str:
    return f"/v1/payments/{payment_id}"


def money(amount: Money) -> dict:
    return {"amount": amount.decimal, "currency": amount.currency}


def _line(line: LedgerLine) -> dict:
    return {"album_id": line.album_id, "quantity": line.quantity, "unit_price": money(line.unit_price),
            "line_total": money(line.total)}


def payment(entity: Payment) -> dict:
    return {
        "id": entity.id,
        "order_id": entity.order_id,
        "customer_id": entity.customer_id,
        "status": entity.status.value,
        "amount": money(entity.amount),
        "provider_reference": entity.provider_reference,
        "decline_reason": entity.decline_reason,
        "lines": [_line(line) for line in entity.lines],
        "created_at": entity.created_at.isoformat(),
        "updated_at": entity.updated_at.isoformat(),
        "_links": {"self": {"href": payment_href(entity.id)},
                   "order": {"href": f"http://orders/v1/orders/{entity.order_id}"},
                   "statement": {"href": f"/v1/statements/{entity.customer_id}"}},
    }


def payments(entities: list[Payment]) -> dict:
    return {"_embedded": {"payments": [payment(entity) for entity in entities]}, "count": len(entities)}


def charge_answer(entity: Payment) -> Answer:
    """201 and the payment when captured; 402 ``payment-declined`` (the attempt is in the ledger) when refused."""
    if entity.status is Status.CAPTURED:
        return Answer(201, payment(entity), entity.id)
    return Answer(402, {
        "type": PROBLEM_BASE + "payment-declined", "title": "Payment declined", "status": 402,
        "detail": f"The charge of {entity.amount} for order {entity.order_id} was refused: {entity.decline_reason}.",
        "payment_id": entity.id, "reason": entity.decline_reason,
    }, entity.id)


def refund_answer(summary: RefundSummary) -> Answer:
    return Answer(201, {
        "order_id": summary.order_id,
        "status": "refunded" if summary.refunded else "nothing_to_refund",
        "amount": money(summary.amount),
        "_links": {"payments": {"href": f"/v1/payments?order_id={summary.order_id}"}},
    })


def statement(customer_id: str, lines: list[StatementLine]) -> dict:
    return {
        "customer_id": customer_id,
        "lines": [{
            "payment_id": line.payment.id, "order_id": line.payment.order_id, "status": line.payment.status.value,
            "album_id": line.line.album_id, "title": line.title, "title_unavailable": line.title_unavailable,
            "quantity": line.line.quantity, "unit_price": money(line.line.unit_price),
            "line_total": money(line.total), "paid_at": line.at.isoformat(),
        } for line in lines],
        "count": len(lines),
        "_links": {"self": {"href": f"/v1/statements/{customer_id}"},
                   "customer": {"href": f"http://customers/v1/customers/{customer_id}"}},
    }
