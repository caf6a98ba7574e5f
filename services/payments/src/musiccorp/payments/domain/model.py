"""A payment: one attempt to take an order's money, and what became of it (practice 4.9).

A payment is recorded ``pending`` *before* the provider is asked, so a crash or
a lost answer leaves a trace to complete from, never a charge we know nothing
of. Then it is an explicit state machine::

    pending ──capture──▶ captured ──settle──▶ settled
       │  └──decline──▶ declined      │            │
       ├──refund──▶ refunded ◀────────┴────────────┘
       └──void──▶ voided

``pending → refunded``: the charge was taken but its answer was lost, and the
order's refund found it at the provider. ``pending → voided``: the order was
refunded while nothing had been taken, so nothing ever will be for this payment.

The ledger lines keep catalog album ids only — no titles, no prices copied
from elsewhere, no foreign key out of this database (practice 5.7): a statement
asks the catalog for titles when it is read.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from types import MappingProxyType

from musiccorp.payments.domain.errors import AttemptInProgress, IllegalTransition, InvalidPayment
from musiccorp.payments.domain.events import (
    DomainEvent,
    PaymentCaptured,
    PaymentDeclined,
    PaymentSettled,
    RefundIssued,
)
from musiccorp.payments.domain.money import Money

MAX_QUANTITY = 1000


class Status(StrEnum):
    PENDING = "pending"
    CAPTURED = "captured"
    DECLINED = "declined"
    SETTLED = "settled"
    REFUNDED = "refunded"
    VOIDED = "voided"


TRANSITIONS = MappingProxyType({
    (Status.PENDING, Status.CAPTURED): PaymentCaptured,
    (Status.PENDING, Status.DECLINED): PaymentDeclined,
    (Status.PENDING, Status.REFUNDED): RefundIssued,
    (Status.PENDING, Status.VOIDED): None,
    (Status.CAPTURED, Status.SETTLED): PaymentSettled,
    (Status.CAPTURED, Status.REFUNDED): RefundIssued,
    (Status.SETTLED, Status.REFUNDED): RefundIssued,
})
"""(from, to) -> the event the change announces (``None``: nothing to announce). Missing: not allowed."""


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True, slots=True)
class LedgerLine:
    """What was paid for: a catalog album by id (a broken foreign key, 5.7), how many, at what price."""

    album_id: str
    quantity: int
    unit_price: Money

    def __post_init__(self) -> None:
        if not 1 <= self.quantity <= MAX_QUANTITY:
            raise InvalidPayment("quantity", f"must be 1 to {MAX_QUANTITY}")

    @property
    def total(self) -> Money:
        return self.unit_price * self.quantity


@dataclass(frozen=True, slots=True)
class Attempt:
    """Who is asking the provider for this payment right now, and until when the claim holds."""

    id: str
    expires_at: datetime


@dataclass(eq=False)
class Payment:
    """The aggregate. Every change appends its domain event to ``events``; the unit of work publishes them."""

    id: str
    order_id: str
    customer_id: str
    amount: Money
    lines: tuple[LedgerLine, ...]
    key: str
    fingerprint: str
    created_at: datetime
    updated_at: datetime
    status: Status = Status.PENDING
    provider_reference: str | None = None
    decline_reason: str | None = None
    attempt: Attempt | None = None
    version: int = 0
    events: list[DomainEvent] = field(default_factory=list, repr=False)

    @classmethod
    def begin(cls, *, order_id: str, customer_id: str, amount: Money, lines: tuple[LedgerLine, ...], key: str,
              fingerprint: str, at: datetime, payment_id: str | None = None) -> Payment:
        """A pending payment; refused unless the lines add up to the amount, in its currency."""
        if not lines:
            raise InvalidPayment("lines", "a payment pays for at least one line")
        if any(line.unit_price.currency != amount.currency for line in lines):
            raise InvalidPayment("lines", f"every unit price must be in {amount.currency}")
        total = sum((line.total for line in lines), Money.zero(amount.currency))
        if total != amount:
            raise InvalidPayment("amount", f"{amount} is not the {total} the lines add up to")
        if amount.minor == 0:
            raise InvalidPayment("amount", "must be more than nothing")
        return cls(id=payment_id or new_id(), order_id=order_id, customer_id=customer_id, amount=amount,
                   lines=lines, key=key, fingerprint=fingerprint, created_at=at, updated_at=at)

    def claim(self, *, now: datetime, lease: timedelta) -> Attempt:
        """Become the one request asking the provider; a claim older than its lease is taken over."""
        if self.status is not Status.PENDING:
            raise IllegalTransition(self.status.value, "charged again")
        if self.attempt is not None and self.attempt.expires_at > now:
            raise AttemptInProgress(f"order {self.order_id}")
        self.attempt = Attempt(new_id(), now + lease)
        return self.attempt

    def holds(self, attempt: Attempt) -> bool:
        """Is ``attempt`` still the claim on this payment?"""
        return self.attempt is not None and self.attempt.id == attempt.id

    def attempt_in_progress(self, now: datetime) -> bool:
        return self.status is Status.PENDING and self.attempt is not None and self.attempt.expires_at > now

    def release(self) -> None:
        """The provider gave no answer: let the next retry ask again."""
        self.attempt = None

    def capture(self, reference: str, *, at: datetime) -> None:
        self.provider_reference = reference
        self._change(Status.CAPTURED, at, self.amount)

    def decline(self, reason: str, *, reference: str | None, at: datetime) -> None:
        self.provider_reference, self.decline_reason = reference, reason
        self._change(Status.DECLINED, at, self.amount)

    def settle(self, *, at: datetime) -> None:
        self._change(Status.SETTLED, at, self.amount)

    def refund(self, reference: str, amount: Money, *, at: datetime) -> None:
        """The charge ``reference`` of this payment was reversed: ``amount`` went back to the customer."""
        self.provider_reference = reference
        self._change(Status.REFUNDED, at, amount)

    def void(self, *, at: datetime) -> None:
        self._change(Status.VOIDED, at, self.amount)

    def _check(self, target: Status) -> type[DomainEvent] | None:
        if (self.status, target) not in TRANSITIONS:
            raise IllegalTransition(self.status.value, target.value)
        return TRANSITIONS[self.status, target]

    def _change(self, target: Status, at: datetime, amount: Money) -> None:
        announce = self._check(target)
        self.status, self.updated_at, self.attempt = target, at, None
        if announce is not None:
            self.events.append(announce(self.id, self.order_id, self.customer_id, amount))
