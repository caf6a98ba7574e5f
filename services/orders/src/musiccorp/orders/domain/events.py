"""What happened to an order: one domain event per move of the aggregate.

It names the order, the state it moved to, when, and — for a cancellation —
the reason the customer was told. What is published to other contexts is
decided by the integration events (``adapters/integration_events.py``), not here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from musiccorp.orders.domain.model import Status


@dataclass(frozen=True, slots=True)
class OrderEvent:
    """One move of an order; published as ``orders.order.<status>.v1``."""

    order_id: str
    status: Status
    at: datetime
    reason: str | None = None
