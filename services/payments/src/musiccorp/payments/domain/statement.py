"""A customer's statement: their ledger lines, with titles looked up when it is read.

The ledger holds album ids only (practice 5.7); the catalog names them. An id
the catalog no longer knows reads as :data:`UNKNOWN_ITEM`; when the catalog
cannot be asked, the line is shown without a title and says so, rather than
failing the whole statement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from musiccorp.payments.domain.model import LedgerLine, Payment, Status
from musiccorp.payments.domain.money import Money

UNKNOWN_ITEM = "Unknown item"
ON_STATEMENT = frozenset({Status.CAPTURED, Status.SETTLED, Status.REFUNDED})
"""The payments that moved money; pending, declined and voided ones never did."""


@dataclass(frozen=True, slots=True)
class StatementLine:
    payment: Payment
    line: LedgerLine
    title: str | None
    title_unavailable: bool

    @property
    def at(self) -> datetime:
        return self.payment.created_at

    @property
    def total(self) -> Money:
        return self.line.total


def title_of(found: str | None) -> str:
    """The title to print for an album the catalog answered about: ``None`` means it knows no such album."""
    return found if found is not None else UNKNOWN_ITEM
