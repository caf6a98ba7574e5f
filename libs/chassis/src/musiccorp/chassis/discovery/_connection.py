"""The registry's own NATS connection: reconnecting for ever, logging its ups and downs."""

from __future__ import annotations

import logging

import nats
from nats.aio.client import Client as NATS

__all__ = ["ConnectionEvents", "connect"]

log = logging.getLogger("musiccorp.chassis.discovery")


class ConnectionEvents:
    """Logs disconnects and reconnects, but not the disconnect of a deliberate close."""

    def __init__(self) -> None:
        self.closing = False

    async def error(self, exc: Exception) -> None:
        log.debug("discovery NATS connection error: %r", exc)

    async def disconnected(self) -> None:
        if not self.closing:
            log.warning("discovery disconnected from NATS; reconnecting")

    async def reconnected(self) -> None:
        log.info("discovery reconnected to NATS")


async def connect(nats_url: str) -> tuple[NATS, ConnectionEvents]:
    events = ConnectionEvents()
    nc = await nats.connect(nats_url, name="musiccorp-discovery", max_reconnect_attempts=-1,
                            reconnect_time_wait=0.5, error_cb=events.error,
                            disconnected_cb=events.disconnected, reconnected_cb=events.reconnected)
    return nc, events
