"""HTTP probes: is a child ready right now, and which version does it run."""

from __future__ import annotations

import aiohttp

__all__ = ["fetch_version", "is_ready", "new_session"]

PROBE_TIMEOUT = aiohttp.ClientTimeout(total=1.0)


def new_session() -> aiohttp.ClientSession:
    """A session for probes: short timeouts, no connection reuse across restarts."""
    return aiohttp.ClientSession(timeout=PROBE_TIMEOUT, connector=aiohttp.TCPConnector(force_close=True))


async def is_ready(session: aiohttp.ClientSession, url: str) -> bool:
    """Whether ``GET url`` answers 200 now."""
    try:
        async with session.get(url) as response:
            return response.status == 200
    except (TimeoutError, aiohttp.ClientError, OSError):
        return False


async def fetch_version(session: aiohttp.ClientSession, url: str) -> str | None:
    """The ``version`` field of the JSON document at ``url``, if it has one."""
    try:
        async with session.get(url) as response:
            if response.status != 200:
                return None
            document = await response.json(content_type=None)
    except (TimeoutError, aiohttp.ClientError, OSError, ValueError):
        return None
    version = document.get("version") if isinstance(document, dict) else None
    return str(version) if version is not None else None
