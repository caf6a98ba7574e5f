"""The process's one NATS connection, shared by discovery and events: reconnecting for ever, logged."""

from __future__ import annotations

import nats
from nats.aio.client import Client as NATS

from musiccorp.chassis.logs import get_logger

__all__ = ["connect_nats"]

log = get_logger(__name__)


async def connect_nats(nats_url: str, *, name: str) -> NATS:
    """Connect to ``nats_url``; log losing and regaining the server, but not a deliberate close."""
    connection: list[NATS] = []

    async def error(exc: Exception) -> None:
        log.debug("NATS connection error", error=repr(exc))

    async def disconnected() -> None:
        if connection and not connection[0].is_closed:
            log.warning("disconnected from NATS; reconnecting")

    async def reconnected() -> None:
        log.info("reconnected to NATS")

    nc = await nats.connect(nats_url, name=name, max_reconnect_attempts=-1, reconnect_time_wait=0.5,
                            error_cb=error, disconnected_cb=disconnected, reconnected_cb=reconnected)
    connection.append(nc)
    return nc
