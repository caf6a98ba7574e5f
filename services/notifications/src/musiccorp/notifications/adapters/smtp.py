"""Sending mail over real SMTP (aiosmtplib)."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import format_datetime

import aiosmtplib

from musiccorp.notifications.domain.errors import MailNotDelivered
from musiccorp.notifications.domain.model import Mail
from musiccorp.notifications.service_layer.ports import AbstractMailer


def to_message(mail: Mail, *, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(mail.created_at)
    # The id is ours and stable: a relay or a reader can tell a repeated delivery of one mail.
    message["Message-ID"] = f"<{mail.id}@musiccorp.example>"
    message.set_content(mail.body)
    return message


class SmtpMailer(AbstractMailer):
    def __init__(self, *, host: str, port: int, sender: str, timeout: float = 10.0) -> None:
        self._host, self._port, self._sender, self._timeout = host, port, sender, timeout

    async def send(self, mail: Mail) -> None:
        try:
            await aiosmtplib.send(to_message(mail, sender=self._sender), hostname=self._host, port=self._port,
                                  timeout=self._timeout, start_tls=False, use_tls=False)
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise MailNotDelivered(f"{self._host}:{self._port}: {exc}") from exc
