"""Refunds: money given back, one provider charge reversed at a time (the checkout saga's compensation)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from musiccorp.payments.domain.money import Money


@dataclass(frozen=True, slots=True)
class Refund:
    """Money given back: one provider charge reversed for an order.

    ``payment_id`` is ``None`` only for a charge the provider holds under the
    order's reference that our ledger never recorded; it is reversed all the same.
    """

    id: str
    order_id: str
    reference: str
    amount: Money
    reason: str
    payment_id: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class RefundSummary:
    """Everything refunded for an order so far: the answer to a refund request."""

    order_id: str
    refunds: tuple[Refund, ...]

    @property
    def refunded(self) -> bool:
        return bool(self.refunds)

    @property
    def amount(self) -> Money:
        if not self.refunds:
            return Money.zero()
        return sum((refund.amount for refund in self.refunds[1:]), self.refunds[0].amount)
