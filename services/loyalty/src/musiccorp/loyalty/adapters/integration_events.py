"""The events loyalty reacts to, in loyalty's own reading of them (a tolerant reader).

This is our copy of the shape we rely on, not the producer's class: we declare
only the fields we use, unknown ones are ignored, and the Pact message
contracts check that the producers still send what we read.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

CUSTOMER_REGISTERED = "customers.customer.registered.v1"
ORDER_COMPLETED = "orders.order.completed.v1"
REFUND_ISSUED = "payments.refund.issued.v1"


class _Reading(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class CustomerRegistered(_Reading):
    customer_id: str
    customer_uri: str


class Money(_Reading):
    """Money on the wire: a decimal string (``"19.98"``) and its currency."""

    amount: Decimal = Field(ge=0)


class OrderCompleted(_Reading):
    order_id: str
    customer_id: str
    total: Money


class RefundIssued(_Reading):
    order_id: str
