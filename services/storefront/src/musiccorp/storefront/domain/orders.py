"""Orders as the shopper sees them: what was bought, where it goes, and how far it has got.

The orders service owns the order and its state machine (ADR 0006); this is the
storefront's own reading of it, with the timeline the order page draws::

    placed → stock_reserved → paid → shipped → completed
    (any step before completed) → cancelled, with a reason
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from musiccorp.storefront.domain.model import Money

STEPS = ("placed", "stock_reserved", "paid", "shipped", "completed")
FINAL = frozenset({"completed", "cancelled"})
LABELS = {"placed": "Placed", "stock_reserved": "Stock reserved", "paid": "Paid", "shipped": "Shipped",
          "completed": "Completed", "cancelled": "Cancelled"}


@dataclass(frozen=True, slots=True)
class ShippingAddress:
    name: str
    line1: str
    city: str
    postcode: str
    country: str
    line2: str = ""

    @property
    def lines(self) -> tuple[str, ...]:
        return tuple(part for part in (self.name, self.line1, self.line2, self.city, self.postcode, self.country)
                     if part)


@dataclass(frozen=True, slots=True)
class OrderLine:
    album_id: str
    title: str
    quantity: int
    unit_price: Money
    line_total: Money


@dataclass(frozen=True, slots=True)
class StatusChange:
    status: str
    at: str


@dataclass(frozen=True, slots=True)
class TimelineStep:
    """One step of the order page's timeline; ``state`` is ``done``, ``current``, ``pending`` or ``cancelled``."""

    status: str
    label: str
    state: str
    at: str | None = None


@dataclass(frozen=True, slots=True)
class Order:
    id: str
    customer_id: str
    status: str
    version: int
    lines: tuple[OrderLine, ...]
    total: Money
    placed_at: str
    history: tuple[StatusChange, ...] = ()
    tracking_number: str | None = None
    cancellation_reason: str | None = None
    shipping_address: ShippingAddress | None = None

    @property
    def is_final(self) -> bool:
        return self.status in FINAL

    @property
    def status_word(self) -> str:
        """The status as a person reads it: ``stock reserved``."""
        return self.status.replace("_", " ")

    @property
    def count(self) -> int:
        return sum(line.quantity for line in self.lines)

    def reached(self, status: str) -> bool:
        return any(change.status == status for change in self.history)

    def timeline(self) -> tuple[TimelineStep, ...]:
        """Every step with whether it is done; a cancelled order shows the steps it reached, then why it stopped."""
        reached = {change.status: change.at for change in self.history}
        if self.status == "cancelled":
            done = [TimelineStep(s, LABELS[s], "done", reached[s]) for s in STEPS if s in reached]
            return (*done, TimelineStep("cancelled", LABELS["cancelled"], "cancelled", reached.get("cancelled")))
        position = STEPS.index(self.status) if self.status in STEPS else 0
        return tuple(
            TimelineStep(step, LABELS[step],
                         "done" if index < position or self.status == "completed" else
                         "current" if index == position else "pending",
                         reached.get(step))
            for index, step in enumerate(STEPS))


def format_moment(iso: str | None) -> str:
    """``2026-11-25T10:00:00+00:00`` as ``25 Nov 2026, 10:00``; anything unreadable as it came."""
    if not iso:
        return ""
    try:
        return datetime.fromisoformat(iso).strftime("%d %b %Y, %H:%M").lstrip("0")
    except ValueError:
        return iso
