"""Transports move one request over the wire; the client adds all the resilience."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import aiohttp

from musiccorp.chassis.http._response import Response

__all__ = ["AiohttpTransport", "Params", "Transport"]

Params = Mapping[str, str | int | float]


class Transport(Protocol):
    """Send one request. Raise ``TimeoutError`` after ``timeout`` seconds, ``ConnectionError``
    when no full response arrived; return any response, whatever its status."""

    async def send(self, method: str, url: str, *, params: Params | None, headers: Mapping[str, str],
                   body: bytes | None, timeout: float) -> Response: ...  # noqa: ASYNC109 - per-attempt budget

    async def close(self) -> None: ...


class AiohttpTransport:
    """One pooled ``aiohttp.ClientSession``, opened lazily inside the running loop."""

    def __init__(self, *, limit: int = 512, keepalive_timeout: float = 4.0,
                 user_agent: str = "musiccorp-chassis") -> None:
        self._limit = limit
        # Shorter than the usual 5 s server idle timeout, so we never reuse a
        # connection the server is closing at the same moment.
        self._keepalive_timeout = keepalive_timeout
        self._user_agent = user_agent
        self._session: aiohttp.ClientSession | None = None
        self._timeouts: dict[float, aiohttp.ClientTimeout] = {}

    def _open(self) -> aiohttp.ClientSession:
        connector = aiohttp.TCPConnector(limit=self._limit, keepalive_timeout=self._keepalive_timeout)
        self._session = aiohttp.ClientSession(connector=connector, headers={"User-Agent": self._user_agent},
                                              trust_env=False)
        return self._session

    async def send(self, method: str, url: str, *, params: Params | None, headers: Mapping[str, str],
                   body: bytes | None, timeout: float) -> Response:  # noqa: ASYNC109 - per-attempt budget
        session = self._session
        if session is None or session.closed:
            session = self._open()
        client_timeout = self._timeouts.get(timeout)
        if client_timeout is None:
            client_timeout = self._timeouts.setdefault(timeout, aiohttp.ClientTimeout(total=timeout))
        try:
            async with session.request(method, url, params=params, headers=headers, data=body,
                                       timeout=client_timeout, allow_redirects=False) as raw:
                return Response(raw.status, raw.headers, await raw.read())
        except TimeoutError:
            raise
        except aiohttp.ClientError as exc:
            raise ConnectionError(str(exc) or type(exc).__name__) from exc

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
