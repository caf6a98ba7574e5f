"""The events notifications reacts to, in its own reading of them (a tolerant reader).

Only the fields used are declared; unknown ones are ignored, and the Pact
message contracts check that the producers still send what is read here.
"""

from __future__ import annotations

from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

from musiccorp.chassis.events import Consumed

CUSTOMER_REGISTERED = "customers.customer.registered.v1"
ORDER_COMPLETED = "orders.order.completed.v1"
ORDER_CANCELLED = "orders.order.cancelled.v1"


class _Reading(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class CustomerRegistered(_Reading):
    customer_id: str
    customer_uri: str


class OrderCompleted(_Reading):
    order_id: str
    order_uri: str
    customer_id: str
    customer_uri: str


class OrderCancelled(_Reading):
    order_id: str
    customer_id: str
    customer_uri: str
    reason: str = ""


class Consumes(NamedTuple):
    """The events notifications consumes, each read its own way."""

    customer_registered: Consumed[CustomerRegistered]
    order_completed: Consumed[OrderCompleted]
    order_cancelled: Consumed[OrderCancelled]


CONSUMES = Consumes(
    customer_registered=Consumed(CUSTOMER_REGISTERED, CustomerRegistered,
                                 "A customer registered: send them a welcome mail."),
    order_completed=Consumed(ORDER_COMPLETED, OrderCompleted,
                             "An order completed: mail its confirmation, read from the order's URI."),
    order_cancelled=Consumed(ORDER_CANCELLED, OrderCancelled, "An order was cancelled: tell the customer why."),
)
