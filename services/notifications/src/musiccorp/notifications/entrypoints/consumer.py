"""What notifications does when events arrive: the subscriptions its runtime consumes.

Each handler records its mail in the transaction that marks the event handled
(the inbox); the sender sends it. A record that cannot be read now (customers or
orders down) fails the handler, and the event is retried later.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from musiccorp.chassis.events import Envelope, Subscription
from musiccorp.notifications.bootstrap import Notifications
from musiccorp.notifications.domain.commands import ConfirmOrder, ReportCancellation, WelcomeCustomer
from musiccorp.notifications.service_layer import handlers


def subscriptions(notifications: Notifications) -> list[Subscription]:
    events, clock = notifications.consumes, notifications.clock

    async def on_customer_registered(envelope: Envelope, connection: AsyncConnection) -> None:
        """Welcome the new customer."""
        event = events.customer_registered.read(envelope)
        command = WelcomeCustomer(customer_id=event.customer_id, customer_uri=event.customer_uri, event_id=envelope.id)
        await handlers.welcome_customer(command, directory=notifications.directory,
                                        mails=notifications.repository_on(connection), clock=clock)

    async def on_order_completed(envelope: Envelope, connection: AsyncConnection) -> None:
        """Confirm the order: what is on its way, and its tracking number."""
        event = events.order_completed.read(envelope)
        command = ConfirmOrder(order_id=event.order_id, order_uri=event.order_uri, customer_uri=event.customer_uri,
                               event_id=envelope.id)
        await handlers.confirm_order(command, orders=notifications.orders, directory=notifications.directory,
                                     mails=notifications.repository_on(connection), clock=clock)

    async def on_order_cancelled(envelope: Envelope, connection: AsyncConnection) -> None:
        """Tell the customer their order was cancelled, and why."""
        event = events.order_cancelled.read(envelope)
        command = ReportCancellation(order_id=event.order_id, customer_id=event.customer_id,
                                     customer_uri=event.customer_uri, reason=event.reason, event_id=envelope.id)
        await handlers.report_cancellation(command, directory=notifications.directory,
                                           mails=notifications.repository_on(connection), clock=clock)

    return [Subscription(events.customer_registered.type, on_customer_registered),
            Subscription(events.order_completed.type, on_order_completed),
            Subscription(events.order_cancelled.type, on_order_cancelled)]
