"""Notification use cases: plain functions over ports.

A mail is recorded, not sent, in the transaction of the event that asked for it
(with its inbox row); the sender delivers it afterwards. One mail per thing it
is about: a mail already recorded for a welcome or an order is returned as it
is, so an event redelivered or replayed under a new id never mails twice — and
the customer's and order's records are not even fetched again.
"""

from __future__ import annotations

import asyncio

from musiccorp.chassis.clock import Clock
from musiccorp.notifications.domain.commands import ConfirmOrder, ReportCancellation, WelcomeCustomer
from musiccorp.notifications.domain.errors import MailNotDelivered
from musiccorp.notifications.domain.model import Mail, welcome_about, welcome_mail
from musiccorp.notifications.domain.orders import (
    cancellation_about,
    cancellation_mail,
    confirmation_about,
    confirmation_mail,
)
from musiccorp.notifications.service_layer.ports import (
    AbstractCustomerDirectory,
    AbstractMailer,
    AbstractMailRepository,
    AbstractOrderDirectory,
)


async def welcome_customer(command: WelcomeCustomer, *, directory: AbstractCustomerDirectory,
                           mails: AbstractMailRepository, clock: Clock) -> Mail:
    """Record a welcome mail for the new customer, once."""
    existing = await mails.about(welcome_about(command.customer_id))
    if existing is not None:
        return existing
    contact = await directory.contact(command.customer_uri)
    mail = welcome_mail(customer_id=command.customer_id, contact=contact, event_id=command.event_id, at=clock())
    await mails.add(mail)
    return mail


async def confirm_order(command: ConfirmOrder, *, orders: AbstractOrderDirectory,
                        directory: AbstractCustomerDirectory, mails: AbstractMailRepository, clock: Clock) -> Mail:
    """Record the confirmation of a completed order — titles, quantities, total, tracking number — once."""
    existing = await mails.about(confirmation_about(command.order_id))
    if existing is not None:
        return existing
    order, contact = await asyncio.gather(orders.order(command.order_uri), directory.contact(command.customer_uri))
    mail = confirmation_mail(order=order, contact=contact, event_id=command.event_id, at=clock())
    await mails.add(mail)
    return mail


async def report_cancellation(command: ReportCancellation, *, directory: AbstractCustomerDirectory,
                              mails: AbstractMailRepository, clock: Clock) -> Mail:
    """Record the short notice that an order was cancelled, and why, once."""
    existing = await mails.about(cancellation_about(command.order_id))
    if existing is not None:
        return existing
    contact = await directory.contact(command.customer_uri)
    mail = cancellation_mail(order_id=command.order_id, customer_id=command.customer_id, reason=command.reason,
                             contact=contact, event_id=command.event_id, at=clock())
    await mails.add(mail)
    return mail


async def send_pending(*, mails: AbstractMailRepository, mailer: AbstractMailer,
                       clock: Clock, limit: int = 50) -> int:
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
