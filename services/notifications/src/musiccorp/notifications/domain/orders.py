"""Mail about orders: the confirmation when one is on its way, the notice when one was cancelled.

:class:`Order` is notifications' own view of an order — only what a mail shows,
read from the orders service by the URI the event carries when the mail is
written (access by reference, 4.12): the titles, quantities and totals the
customer actually bought, and the parcel's tracking number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from musiccorp.notifications.domain.model import Contact, Mail, MailStatus, greeting, new_mail_id

_SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}

CONFIRMATION_SUBJECT = "Your MusicCorp order is on its way"
CANCELLATION_SUBJECT = "Your MusicCorp order was cancelled"


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str

    def __str__(self) -> str:
        """``£19.98``; a currency without a symbol here reads ``19.98 SEK``."""
        symbol = _SYMBOLS.get(self.currency)
        return f"{symbol}{self.amount:.2f}" if symbol else f"{self.amount:.2f} {self.currency}"


@dataclass(frozen=True, slots=True)
class OrderLine:
    title: str
    quantity: int
    line_total: Money


@dataclass(frozen=True, slots=True)
class Order:
    id: str
    customer_id: str
    lines: tuple[OrderLine, ...]
    total: Money
    tracking_number: str | None


def confirmation_about(order_id: str) -> str:
    return f"order-confirmation:{order_id}"


def cancellation_about(order_id: str) -> str:
    return f"order-cancellation:{order_id}"


def confirmation_mail(*, order: Order, contact: Contact, event_id: str, at: datetime) -> Mail:
    """What was bought, what it cost, and the number to follow the parcel by."""
    width = max(len(line.title) for line in order.lines) if order.lines else 0
    lines = "\n".join(f"  {line.quantity} × {line.title:<{width}}  {line.line_total}" for line in order.lines)
    tracking = order.tracking_number or "to follow in a separate mail"
    body = (
        f"{greeting(contact)}\n\n"
        f"Your MusicCorp order is on its way.\n\n"
        f"{lines}\n\n"
        f"Total: {order.total}\n"
        f"Tracking number: {tracking}\n"
        f"Order: {order.id}\n\n"
        "Thank you for shopping with us,\nThe MusicCorp Records team\n"
    )
    return Mail(id=new_mail_id(), customer_id=order.customer_id, event_id=event_id,
                about=confirmation_about(order.id), to=contact.email, subject=CONFIRMATION_SUBJECT, body=body,
                status=MailStatus.PENDING, created_at=at)


def cancellation_mail(*, order_id: str, customer_id: str, reason: str, contact: Contact, event_id: str,
                      at: datetime) -> Mail:
    """Short: which order, and why — in the words the orders service gave the customer."""
    body = (
        f"{greeting(contact)}\n\n"
        f"Your order was cancelled: {reason.strip() or 'no reason was given'}\n"
        f"Order: {order_id}\n\n"
        "We are sorry. Anything you paid for it is refunded.\n\n"
        "The MusicCorp Records team\n"
    )
    return Mail(id=new_mail_id(), customer_id=customer_id, event_id=event_id, about=cancellation_about(order_id),
                to=contact.email, subject=CANCELLATION_SUBJECT, body=body, status=MailStatus.PENDING, created_at=at)
