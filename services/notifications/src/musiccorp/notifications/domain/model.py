"""Mail to customers: what is sent, to whom, and whether it has gone."""

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


def welcome_mail(*, customer_id: str, contact: Contact, event_id: str, at: datetime) -> Mail:
    first_name = contact.name.split()[0] if contact.name.strip() else "there"
    body = (
        f"Hello {first_name},\n\n"
        "Welcome to MusicCorp Records! Your account is ready, and so is your loyalty account:\n"
        "every album you buy earns points towards the next one.\n\n"
        "Happy listening,\nThe MusicCorp Records team\n"
    )
    return Mail(id=str(uuid.uuid4()), customer_id=customer_id, event_id=event_id, to=contact.email,
                subject="Welcome to MusicCorp Records", body=body, status=MailStatus.PENDING, created_at=at)
