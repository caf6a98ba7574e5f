"""What the payments context tells the others: its published events (ADR 0005, ADR 0006).

Every event carries the same small ``data`` — which payment, for which order
and customer, and how much — and nothing from the ledger's lines: a consumer
that needs more asks ``GET /v1/payments/{payment_id}``.

The models here are the contract: their JSON Schemas are committed under
``contracts/events/payments/`` and a test keeps the two equal.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from musiccorp.chassis.events import Event, published_events
from musiccorp.payments.domain.events import (
    DomainEvent,
    PaymentCaptured,
    PaymentDeclined,
    PaymentSettled,
    RefundIssued,
)
from musiccorp.payments.domain.money import AMOUNT_PATTERN, CURRENCIES


class MoneyV1(BaseModel):
    """Money as MusicCorp writes it on the wire: a decimal string and an ISO 4217 code."""

    model_config = ConfigDict(frozen=True)

    amount: str = Field(pattern=AMOUNT_PATTERN, examples=["19.98"])
    currency: str = Field(json_schema_extra={"enum": list(CURRENCIES)}, examples=["GBP"])


class PaymentEventV1(BaseModel):
    """Which payment, for which order and customer, and how much."""

    model_config = ConfigDict(frozen=True)
    type: ClassVar[str]

    payment_id: str = Field(description="The payment's id (a UUID); GET /v1/payments/{payment_id} for more.",
                            json_schema_extra={"format": "uuid"},
                            examples=["0c2b6d4e-7f1a-4b3c-9d8e-5a6f7b8c9d0e"])
    order_id: str = Field(description="The order the payment is for.",
                          examples=["7a1f3c5e-2b4d-4e6f-8a0b-1c2d3e4f5a6b"])
    customer_id: str = Field(description="The customer who pays.", examples=["5b1d2c4e-2f0a-4c55-9f7e-3c1f6f4b8a21"])
    amount: MoneyV1

    @classmethod
    def of(cls, event: DomainEvent) -> PaymentEventV1:
        return cls(payment_id=event.payment_id, order_id=event.order_id, customer_id=event.customer_id,
                   amount=MoneyV1(amount=event.amount.decimal, currency=event.amount.currency))


class PaymentCapturedV1(PaymentEventV1):
    """The order's money was taken: the charge was authorised."""

    type: ClassVar[str] = "payments.payment.captured.v1"


class PaymentDeclinedV1(PaymentEventV1):
    """The charge was refused; nothing was taken."""

    type: ClassVar[str] = "payments.payment.declined.v1"


class PaymentSettledV1(PaymentEventV1):
    """A captured payment settled: the money reached MusicCorp's account."""

    type: ClassVar[str] = "payments.payment.settled.v1"


class RefundIssuedV1(PaymentEventV1):
    """Money taken for the order was given back; ``amount`` is what this refund returned."""

    type: ClassVar[str] = "payments.refund.issued.v1"


PUBLISHED: dict[type[DomainEvent], type[PaymentEventV1]] = {
    PaymentCaptured: PaymentCapturedV1,
    PaymentDeclined: PaymentDeclinedV1,
    PaymentSettled: PaymentSettledV1,
    RefundIssued: RefundIssuedV1,
}


def integration_event(event: DomainEvent) -> Event:
    """The event to record in the outbox for ``event``; its subject is the payment (the aggregate)."""
    model = PUBLISHED[type(event)]
    return Event(type=model.type, subject=event.payment_id, data=model.of(event).model_dump(mode="json"))


PUBLISHES = published_events(PUBLISHED.values())
