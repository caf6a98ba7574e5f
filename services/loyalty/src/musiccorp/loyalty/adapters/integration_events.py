"""The events loyalty reacts to, in loyalty's own reading of them (a tolerant reader).

This is our copy of the shape we rely on, not the producer's class: we declare
only the fields we use, unknown ones are ignored, and the Pact message
contracts check that the producers still send what we read.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from musiccorp.chassis.events import Consumed

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


class Consumes(NamedTuple):
    """The events loyalty consumes, each read its own way."""

    customer_registered: Consumed[CustomerRegistered]
    order_completed: Consumed[OrderCompleted]
    refund_issued: Consumed[RefundIssued]


CONSUMES = Consumes(
    customer_registered=Consumed(CUSTOMER_REGISTERED, CustomerRegistered,
                                 "A customer registered: open their points account."),
    order_completed=Consumed(ORDER_COMPLETED, OrderCompleted,
                             "An order completed: award one point per whole unit of its total."),
    refund_issued=Consumed(REFUND_ISSUED, RefundIssued, "An order was refunded: take back the points it earned."),
)
