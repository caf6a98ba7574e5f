"""Both servers over one store, started and stopped together in the running loop."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

from aiohttp import web

from musiccorp.mailsink.smtp import start_smtp
from musiccorp.mailsink.store import MailStore
from musiccorp.mailsink.web import make_app

__all__ = ["MailSink"]

CLOSE_TIMEOUT = 5.0


class MailSink:
    """SMTP and HTTP on ``host``; port 0 picks a free port, read back from the ``*_port`` properties::

        async with MailSink(data_dir=Path("mail")) as sink:
            print(f"smtp://127.0.0.1:{sink.smtp_port}", f"http://127.0.0.1:{sink.http_port}/")
    """

    def __init__(self, *, data_dir: Path, host: str = "127.0.0.1", smtp_port: int = 0, http_port: int = 0) -> None:
        self.store = MailStore(data_dir)
        self._host, self._smtp_port, self._http_port = host, smtp_port, http_port
        self._smtp: asyncio.Server | None = None
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None

    @property
    def smtp_port(self) -> int:
        """The port SMTP listens on (known once started)."""
        return self._smtp.sockets[0].getsockname()[1]

    @property
    def http_port(self) -> int:
        """The port HTTP listens on (known once started)."""
        return self._runner.addresses[0][1]

    async def start(self) -> None:
        """Listen for SMTP, then HTTP: once ``/health/ready`` answers, mail is accepted."""
        self._smtp = await start_smtp(store=self.store, host=self._host, port=self._smtp_port)
        self._runner = web.AppRunner(make_app(self.store), access_log=None, shutdown_timeout=5.0)
        await self._runner.setup()
        self._site = web.TCPSite(self._runner, self._host, self._http_port)
        await self._site.start()

    async def stop(self) -> None:
        """Stop accepting, let open SMTP sessions and requests finish briefly, then close."""
        if self._runner is not None:
            await self._runner.cleanup()
        if self._smtp is not None:
            self._smtp.close()
            # From Python 3.12 this waits for open sessions too; an idle client must not hold up a stop.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._smtp.wait_closed(), CLOSE_TIMEOUT)

    async def __aenter__(self) -> MailSink:
        await self.start()
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.stop()
