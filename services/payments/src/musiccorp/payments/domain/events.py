"""What happened to a payment: one domain event per change that others may care about.

What is published to other contexts is decided by the integration events
(``adapters/integration_events.py``), not here.
"""

from __future__ import annotations

from dataclasses import dataclass

from musiccorp.payments.domain.money import Money


@dataclass(frozen=True, slots=True)
class DomainEvent:
    payment_id: str
    order_id: str
    customer_id: str
    amount: Money


@dataclass(frozen=True, slots=True)
class PaymentCaptured(DomainEvent):
    pass


@dataclass(frozen=True, slots=True)
class PaymentDeclined(DomainEvent):
    pass


@dataclass(frozen=True, slots=True)
class PaymentSettled(DomainEvent):
    pass


@dataclass(frozen=True, slots=True)
class RefundIssued(DomainEvent):
    """``amount`` is what this refund gave back."""
