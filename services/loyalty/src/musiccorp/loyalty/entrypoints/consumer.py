"""What loyalty does when events arrive: the subscriptions its runtime consumes."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from musiccorp.chassis.events import Envelope, Subscription
from musiccorp.loyalty.adapters.integration_events import CUSTOMER_REGISTERED, CustomerRegistered
from musiccorp.loyalty.adapters.repository import SqlAccountRepository
from musiccorp.loyalty.service_layer import handlers


async def on_customer_registered(envelope: Envelope, connection: AsyncConnection) -> None:
    """Open the new customer's account, in the transaction that also records the event as handled."""
    event = CustomerRegistered.model_validate(envelope.data)
    await handlers.open_account(handlers.OpenAccount(event.customer_id),
                                accounts=SqlAccountRepository(connection), clock=lambda: datetime.now(UTC))


SUBSCRIPTIONS = (Subscription(CUSTOMER_REGISTERED, on_customer_registered),)
