"""Mail to customers: what is sent, to whom, and whether it has gone.

Each mail is *about* one thing — a customer's welcome, one order's confirmation,
one order's cancellation — and there is one mail per thing: ``about`` is unique,
so an event delivered twice, or replayed under a new id, never mails twice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum


class MailStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"


@dataclass(frozen=True, slots=True)
class Mail:
    id: str
    customer_id: str
    event_id: str
    about: str
    to: str
    subject: str
    body: str
    status: MailStatus
    created_at: datetime
    sent_at: datetime | None = None

    def sent(self, *, at: datetime) -> Mail:
        return replace(self, status=MailStatus.SENT, sent_at=at)


@dataclass(frozen=True, slots=True)
class Contact:
    """Who to write to, read from the customer's current record when it is needed."""

    name: str
    email: str


def new_mail_id() -> str:
    return str(uuid.uuid4())


def greeting(contact: Contact) -> str:
    """``Hello Ada,`` — the first name, or ``there`` when the record has none."""
    return f"Hello {contact.name.split()[0] if contact.name.strip() else 'there'},"


def welcome_about(customer_id: str) -> str:
    return f"welcome:{customer_id}"


def welcome_mail(*, customer_id: str, contact: Contact, event_id: str, at: datetime) -> Mail:
    body = (
        f"{greeting(contact)}\n\n"
        "Welcome to MusicCorp Records! Your account is ready, and so is your loyalty account:\n"
        "every album you buy earns points towards the next one.\n\n"
        "Happy listening,\nThe MusicCorp Records team\n"
    )
    return Mail(id=new_mail_id(), customer_id=customer_id, event_id=event_id, about=welcome_about(customer_id),
                to=contact.email, subject="Welcome to MusicCorp Records", body=body, status=MailStatus.PENDING,
                created_at=at)
