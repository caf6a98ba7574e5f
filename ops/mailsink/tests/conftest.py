"""Fixtures: a mail sink in the test's loop on free ports, a way to send it mail, a way to read it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from email.message import EmailMessage
from pathlib import Path

import aiohttp
import aiosmtplib
import pytest

from musiccorp.mailsink import MailSink

SendMail = Callable[..., Awaitable[None]]


async def _send_mail(port: int, *, to: str | list[str], subject: str, text: str = "Hello.\nSee you soon.",
                     sender: str = "MusicCorp Records <hello@musiccorp.example>") -> None:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(to) if isinstance(to, list) else to
    message["Subject"] = subject
    message.set_content(text)
    await aiosmtplib.send(message, hostname="127.0.0.1", port=port, start_tls=False, use_tls=False, timeout=10)


class Viewer:
    """The sink's HTTP side, as a reader sees it."""

    def __init__(self, session: aiohttp.ClientSession, port: int) -> None:
        self._session, self.base = session, f"http://127.0.0.1:{port}"

    async def json(self, path: str, **params: str) -> tuple[int, object]:
        async with self._session.get(self.base + path, params=params) as response:
            return response.status, await response.json(content_type=None)

    async def text(self, path: str) -> tuple[int, str, str]:
        async with self._session.get(self.base + path) as response:
            return response.status, response.content_type, await response.text()


@pytest.fixture
def send_mail() -> SendMail:
    """``await send_mail(port, to=..., subject=..., text=...)``: a plain-text mail over real SMTP."""
    return _send_mail


@pytest.fixture
async def sink(tmp_path: Path) -> AsyncIterator[MailSink]:
    """A running sink keeping its mails under ``tmp_path/mail``."""
    async with MailSink(data_dir=tmp_path / "mail") as running:
        yield running


@pytest.fixture
async def viewer(sink: MailSink) -> AsyncIterator[Viewer]:
    """An HTTP client pointed at ``sink``."""
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
        yield Viewer(session, sink.http_port)
