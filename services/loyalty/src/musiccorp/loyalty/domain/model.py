"""A customer's loyalty points account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class PointsAccount:
    customer_id: str
    points: int
    opened_at: datetime

    @classmethod
    def open(cls, customer_id: str, *, at: datetime) -> PointsAccount:
        """A new account starts with no points."""
        return cls(customer_id=customer_id, points=0, opened_at=at)
