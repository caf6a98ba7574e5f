"""What notifications does when events arrive: the subscriptions its runtime consumes.

Each handler records its mail in the transaction that marks the event handled
(the inbox); the sender sends it. A record that cannot be read now (customers or
orders down) fails the handler, and the event is retried later.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from musiccorp.chassis.events import Envelope, Subscription
from musiccorp.notifications.adapters.integration_events import (
    CUSTOMER_REGISTERED,
    ORDER_CANCELLED,
    ORDER_COMPLETED,
    CustomerRegistered,
    OrderCancelled,
    OrderCompleted,
)
from musiccorp.notifications.adapters.repository import SqlMailRepository
from musiccorp.notifications.bootstrap import Notifications
from musiccorp.notifications.service_layer import handlers


def _now() -> datetime:
    return datetime.now(UTC)


def subscriptions(notifications: Notifications) -> list[Subscription]:
    async def on_customer_registered(envelope: Envelope, connection: AsyncConnection) -> None:
        """Welcome the new customer."""
        event = CustomerRegistered.model_validate(envelope.data)
        command = handlers.WelcomeCustomer(customer_id=event.customer_id, customer_uri=event.customer_uri,
                                           event_id=envelope.id)
        await handlers.welcome_customer(command, directory=notifications.directory,
                                        mails=SqlMailRepository(connection), clock=_now)

    async def on_order_completed(envelope: Envelope, connection: AsyncConnection) -> None:
        """Confirm the order: what is on its way, and its tracking number."""
        event = OrderCompleted.model_validate(envelope.data)
        command = handlers.ConfirmOrder(order_id=event.order_id, order_uri=event.order_uri,
                                        customer_uri=event.customer_uri, event_id=envelope.id)
        await handlers.confirm_order(command, orders=notifications.orders, directory=notifications.directory,
                                     mails=SqlMailRepository(connection), clock=_now)

    async def on_order_cancelled(envelope: Envelope, connection: AsyncConnection) -> None:
        """Tell the customer their order was cancelled, and why."""
        event = OrderCancelled.model_validate(envelope.data)
        command = handlers.ReportCancellation(order_id=event.order_id, customer_id=event.customer_id,
                                              customer_uri=event.customer_uri, reason=event.reason,
                                              event_id=envelope.id)
        await handlers.report_cancellation(command, directory=notifications.directory,
                                           mails=SqlMailRepository(connection), clock=_now)

    return [Subscription(CUSTOMER_REGISTERED, on_customer_registered),
            Subscription(ORDER_COMPLETED, on_order_completed),
            Subscription(ORDER_CANCELLED, on_order_cancelled)]
