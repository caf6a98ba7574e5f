"""The mail sender: a background task that delivers recorded mails and marks them sent."""

from __future__ import annotations

import asyncio
import contextlib

from musiccorp.chassis.logs import get_logger
from musiccorp.notifications.bootstrap import Notifications
from musiccorp.notifications.service_layer import handlers

log = get_logger(__name__)


class MailSender:
    def __init__(self, notifications: Notifications) -> None:
        self._notifications = notifications
        self._task: asyncio.Task | None = None

    async def run_once(self) -> int:
        notifications = self._notifications
        sent = await handlers.send_pending(mails=notifications.repository, mailer=notifications.mailer,
                                           clock=notifications.clock)
        if sent:
            log.info("mails sent", count=sent)
        return sent

    async def _loop(self) -> None:
        interval = self._notifications.settings.send_interval
        while True:
            try:
                await self.run_once()
            except Exception:  # noqa: BLE001 - the loop outlives any one failure; it is logged
                log.exception("sending mail failed; retrying")
            await asyncio.sleep(interval)

    async def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="mail-sender")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
