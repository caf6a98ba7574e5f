"""The SMTP side: accept every mail for every recipient and hand it to the store."""

from __future__ import annotations

import asyncio
import logging

from aiosmtpd.smtp import SMTP, Envelope, Session

from musiccorp.mailsink.store import MailStore

__all__ = ["SinkHandler", "start_smtp"]

log = logging.getLogger("musiccorp.mailsink")
HOSTNAME = "musiccorp-mailsink"


class SinkHandler:
    """An aiosmtpd handler that keeps whatever arrives."""

    def __init__(self, store: MailStore) -> None:
        self._store = store

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        """Store the mail; ``250`` once it is on disk."""
        summary = self._store.add(raw=envelope.original_content or envelope.content or b"",
                                  mail_from=envelope.mail_from or "", recipients=envelope.rcpt_tos)
        log.info("mail received", extra={"fields": {"id": summary.id, "from": summary.mail_from,
                                                     "to": summary.to, "subject": summary.subject}})
        return "250 Message accepted for delivery"


async def start_smtp(*, store: MailStore, host: str, port: int) -> asyncio.Server:
    """Listen for SMTP on ``host:port`` (0: any free port) in the running loop."""
    handler = SinkHandler(store)
    loop = asyncio.get_running_loop()
    return await loop.create_server(lambda: SMTP(handler, hostname=HOSTNAME), host=host, port=port)
