"""What may be asked of the notifications context: imperative, one per use case (each asked by an event)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class WelcomeCustomer:
    customer_id: str
    customer_uri: str
    event_id: str


@dataclass(frozen=True, slots=True)
class ConfirmOrder:
    order_id: str
    order_uri: str
    customer_uri: str
    event_id: str


@dataclass(frozen=True, slots=True)
class ReportCancellation:
    order_id: str
    customer_id: str
    customer_uri: str
    reason: str
    event_id: str
