"""What may be asked of the loyalty context: imperative, one per use case (each asked by an event)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class OpenAccount:
    customer_id: str


@dataclass(frozen=True, slots=True)
class AwardOrderPoints:
    customer_id: str
    order_id: str
    total: Decimal


@dataclass(frozen=True, slots=True)
class ReverseOrderPoints:
    order_id: str
