"""What notifications does when events arrive: the subscriptions its runtime consumes."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from musiccorp.chassis.events import Envelope, Subscription
from musiccorp.notifications.adapters.integration_events import CUSTOMER_REGISTERED, CustomerRegistered
from musiccorp.notifications.adapters.repository import SqlMailRepository
from musiccorp.notifications.bootstrap import Notifications
from musiccorp.notifications.service_layer import handlers


def subscriptions(notifications: Notifications) -> list[Subscription]:
    async def on_customer_registered(envelope: Envelope, connection: AsyncConnection) -> None:
        """Record the welcome mail in the transaction that marks the event handled; the sender sends it."""
        event = CustomerRegistered.model_validate(envelope.data)
        command = handlers.WelcomeCustomer(customer_id=event.customer_id, customer_uri=event.customer_uri,
                                           event_id=envelope.id)
        await handlers.welcome_customer(command, directory=notifications.directory,
                                        mails=SqlMailRepository(connection), clock=lambda: datetime.now(UTC))

    return [Subscription(CUSTOMER_REGISTERED, on_customer_registered)]
