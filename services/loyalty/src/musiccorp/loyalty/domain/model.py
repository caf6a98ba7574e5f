"""A customer's loyalty points account, and the ledger that explains its balance.

Every change of the balance is an :class:`Entry`: the account's opening (the
welcome, at zero), an award for a completed order (one point per whole unit of
its total: 19.98 earns 19), and the reversal of an award when the order is
refunded. The balance is the sum of the entries.

The balance never goes below zero: a reversal takes back what the order earned,
or what remains if that is less, and its entry says how much it took. Nothing
spends points yet, so today a reversal always takes back the whole award; the
rule is what keeps the balance honest once something does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

RECENT_ENTRIES = 20
"""How many of its latest entries an account shows; its whole history stays in the ledger."""


class EntryKind(StrEnum):
    OPENED = "opened"
    ORDER_COMPLETED = "order_completed"
    ORDER_REFUNDED = "order_refunded"


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of a customer's points history; ``points`` is signed (a reversal is negative)."""

    customer_id: str
    kind: EntryKind
    points: int
    at: datetime
    order_id: str | None = None


@dataclass(frozen=True, slots=True)
class PointsAccount:
    """The balance, when the account opened, and its latest entries (newest first, at most
    :data:`RECENT_ENTRIES`) for display."""

    customer_id: str
    points: int
    opened_at: datetime
    entries: tuple[Entry, ...] = ()

    @classmethod
    def open(cls, customer_id: str, *, at: datetime) -> PointsAccount:
        """A new account starts with no points; its first entry is the opening."""
        return cls(customer_id=customer_id, points=0, opened_at=at,
                   entries=(Entry(customer_id, EntryKind.OPENED, 0, at),))


def points_for(total: Decimal) -> int:
    """One point per whole unit of an order's total: 19.98 earns 19, 0.99 earns nothing."""
    return max(math.floor(total), 0)


def award(*, customer_id: str, order_id: str, total: Decimal, at: datetime) -> Entry:
    return Entry(customer_id, EntryKind.ORDER_COMPLETED, points_for(total), at, order_id)


def reversal(awarded: Entry, *, balance: int, at: datetime) -> Entry:
    """Take back what ``awarded`` gave — or what remains of the balance, if less: it never goes below zero."""
    return Entry(awarded.customer_id, EntryKind.ORDER_REFUNDED, -min(awarded.points, max(balance, 0)), at,
                 awarded.order_id)
