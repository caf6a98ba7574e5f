"""Notification use cases: plain functions over ports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from musiccorp.notifications.domain.errors import MailNotDelivered
from musiccorp.notifications.domain.model import Mail, welcome_mail
from musiccorp.notifications.service_layer.ports import (
    AbstractCustomerDirectory,
    AbstractMailer,
    AbstractMailRepository,
)


@dataclass(frozen=True, slots=True)
class WelcomeCustomer:
    customer_id: str
    customer_uri: str
    event_id: str


async def welcome_customer(command: WelcomeCustomer, *, directory: AbstractCustomerDirectory,
                           mails: AbstractMailRepository, clock: Callable[[], datetime]) -> Mail:
    """Record a welcome mail for the new customer, once per registration event."""
    existing = await mails.for_event(command.event_id)
    if existing is not None:
        return existing
    contact = await directory.contact(command.customer_uri)
    mail = welcome_mail(customer_id=command.customer_id, contact=contact, event_id=command.event_id, at=clock())
    await mails.add(mail)
    return mail


async def send_pending(*, mails: AbstractMailRepository, mailer: AbstractMailer,
                       clock: Callable[[], datetime], limit: int = 50) -> int:
    """Deliver recorded mails; returns how many went. A refused mail stays pending for the next round."""
    sent = 0
    for mail in await mails.pending(limit=limit):
        try:
            await mailer.send(mail)
        except MailNotDelivered:
            break
        await mails.save(mail.sent(at=clock()))
        sent += 1
    return sent
