"""What loyalty does when events arrive: the subscriptions its runtime consumes.

Each handler runs in the transaction that also records the event as handled
(the inbox), so its writes and "handled" commit together or not at all.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from musiccorp.chassis.events import Envelope, Subscription
from musiccorp.chassis.logs import get_logger
from musiccorp.loyalty.adapters.integration_events import (
    CUSTOMER_REGISTERED,
    ORDER_COMPLETED,
    REFUND_ISSUED,
    CustomerRegistered,
    OrderCompleted,
    RefundIssued,
)
from musiccorp.loyalty.adapters.repository import SqlAccountRepository
from musiccorp.loyalty.service_layer import handlers

log = get_logger(__name__)


def _now() -> datetime:
    return datetime.now(UTC)


async def on_customer_registered(envelope: Envelope, connection: AsyncConnection) -> None:
    """Open the new customer's account."""
    event = CustomerRegistered.model_validate(envelope.data)
    await handlers.open_account(handlers.OpenAccount(event.customer_id),
                                accounts=SqlAccountRepository(connection), clock=_now)


async def on_order_completed(envelope: Envelope, connection: AsyncConnection) -> None:
    """Award the order's points; say so when there is nothing (more) to award."""
    event = OrderCompleted.model_validate(envelope.data)
    command = handlers.AwardOrderPoints(customer_id=event.customer_id, order_id=event.order_id,
                                        total=event.total.amount)
    outcome = await handlers.award_order_points(command, accounts=SqlAccountRepository(connection), clock=_now)
    if outcome is not handlers.Award.AWARDED:
        log.info("no points awarded", order_id=event.order_id, event_id=envelope.id, reason=outcome.value)


async def on_refund_issued(envelope: Envelope, connection: AsyncConnection) -> None:
    """Take back the refunded order's points; say so when there is nothing (more) to take back."""
    event = RefundIssued.model_validate(envelope.data)
    outcome = await handlers.reverse_order_points(handlers.ReverseOrderPoints(event.order_id),
                                                  accounts=SqlAccountRepository(connection), clock=_now)
    if outcome is not handlers.Reversal.REVERSED:
        log.info("no points taken back", order_id=event.order_id, event_id=envelope.id, reason=outcome.value)


SUBSCRIPTIONS = (
    Subscription(CUSTOMER_REGISTERED, on_customer_registered),
    Subscription(ORDER_COMPLETED, on_order_completed),
    Subscription(REFUND_ISSUED, on_refund_issued),
)
