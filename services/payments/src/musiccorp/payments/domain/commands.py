"""What may be asked of payments: imperative, one per use case.

``key`` is the request's Idempotency-Key and ``fingerprint`` a digest of its
body: the same key with the same body is the same request, answered once.
"""

from __future__ import annotations

from dataclasses import dataclass

from musiccorp.payments.domain.model import LedgerLine
from musiccorp.payments.domain.money import Money


@dataclass(frozen=True, slots=True)
class TakePayment:
    key: str
    fingerprint: str
    order_id: str
    customer_id: str
    amount: Money
    card_token: str
    lines: tuple[LedgerLine, ...]


@dataclass(frozen=True, slots=True)
class RefundOrder:
    key: str
    fingerprint: str
    order_id: str
    reason: str
