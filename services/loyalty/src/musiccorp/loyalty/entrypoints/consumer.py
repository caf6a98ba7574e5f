"""What loyalty does when events arrive: the subscriptions its runtime consumes.

Each handler runs in the transaction that also records the event as handled
(the inbox), so its writes and "handled" commit together or not at all.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from musiccorp.chassis.events import Envelope, Subscription
from musiccorp.chassis.logs import get_logger
from musiccorp.loyalty.bootstrap import Loyalty
from musiccorp.loyalty.domain.commands import AwardOrderPoints, OpenAccount, ReverseOrderPoints
from musiccorp.loyalty.service_layer import handlers

log = get_logger(__name__)


def subscriptions(loyalty: Loyalty) -> list[Subscription]:
    events = loyalty.consumes

    async def on_customer_registered(envelope: Envelope, connection: AsyncConnection) -> None:
        """Open the new customer's account."""
        event = events.customer_registered.read(envelope)
        await handlers.open_account(OpenAccount(event.customer_id), accounts=loyalty.repository_on(connection),
                                    clock=loyalty.clock)

    async def on_order_completed(envelope: Envelope, connection: AsyncConnection) -> None:
        """Award the order's points; say so when there is nothing (more) to award."""
        event = events.order_completed.read(envelope)
        command = AwardOrderPoints(customer_id=event.customer_id, order_id=event.order_id, total=event.total.amount)
        outcome = await handlers.award_order_points(command, accounts=loyalty.repository_on(connection),
                                                    clock=loyalty.clock)
        if outcome is not handlers.Award.AWARDED:
            log.info("no points awarded", order_id=event.order_id, event_id=envelope.id, reason=outcome.value)

    async def on_refund_issued(envelope: Envelope, connection: AsyncConnection) -> None:
        """Take back the refunded order's points; say so when there is nothing (more) to take back."""
        event = events.refund_issued.read(envelope)
        outcome = await handlers.reverse_order_points(ReverseOrderPoints(event.order_id),
                                                      accounts=loyalty.repository_on(connection),
                                                      clock=loyalty.clock)
        if outcome is not handlers.Reversal.REVERSED:
            log.info("no points taken back", order_id=event.order_id, event_id=envelope.id, reason=outcome.value)

    return [Subscription(events.customer_registered.type, on_customer_registered),
            Subscription(events.order_completed.type, on_order_completed),
            Subscription(events.refund_issued.type, on_refund_issued)]
