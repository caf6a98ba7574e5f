"""A real HTTP server on 127.0.0.1 whose replies a test programs, and which records requests."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self

import orjson
from aiohttp import web
from multidict import CIMultiDictProxy, MultiDictProxy

__all__ = ["RecordedRequest", "StubServer"]


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """One request as the stub received it."""

    method: str
    path: str
    query: MultiDictProxy[str]
    headers: CIMultiDictProxy[str]
    body: bytes


@dataclass(slots=True, kw_only=True)
class _Reply:
    status: int
    body: bytes
    headers: Mapping[str, str]
    delay: float
    gate: asyncio.Event | None
    times: int | None


class StubServer:
    """A downstream stand-in: real sockets, real HTTP, replies programmed per route.

    >>> async with StubServer() as stub:  # doctest: +SKIP
    ...     stub.reply("GET", "/v1/albums/7", json={"id": 7}, headers={"ETag": '"v1"'})
    ...     stub.reply("GET", "/v1/slow", gate=release)  # answers once ``release`` is set
    ...     ...  # call stub.url
    ...     assert stub.requests[0].headers["X-Correlation-ID"] == "abc"
    """

    def __init__(self) -> None:
        self._routes: dict[tuple[str, str], list[_Reply]] = {}
        self.requests: list[RecordedRequest] = []
        self._arrived: asyncio.Condition | None = None
        self._runner: web.AppRunner | None = None
        self.url = ""

    def reply(self, method: str, path: str, *, status: int = 200, body: bytes = b"", json: Any = None,
              headers: Mapping[str, str] | None = None, delay: float = 0.0, gate: asyncio.Event | None = None,
              times: int | None = None) -> None:
        """Program the answer to ``method path``; with ``times``, it is used that often, then the
        next programmed one; an unprogrammed route answers 404."""
        headers = dict(headers or {})
        if json is not None:
            body = orjson.dumps(json)
            headers.setdefault("Content-Type", "application/json")
        self._routes.setdefault((method.upper(), path), []).append(
            _Reply(status=status, body=body, headers=headers, delay=delay, gate=gate, times=times))

    def requests_to(self, path: str) -> list[RecordedRequest]:
        return [request for request in self.requests if request.path == path]

    async def wait_for_requests(self, count: int, *, within: float = 5.0) -> list[RecordedRequest]:
        """Wait until at least ``count`` requests arrived (``TimeoutError`` otherwise)."""
        async with asyncio.timeout(within), self._arrived:
            await self._arrived.wait_for(lambda: len(self.requests) >= count)
        return self.requests

    async def start(self) -> Self:
        self._arrived = asyncio.Condition()
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"
        return self

    async def close(self) -> None:
        """Stop listening: later connections are refused, as from a crashed downstream."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.close()

    async def _handle(self, request: web.Request) -> web.Response:
        self.requests.append(RecordedRequest(request.method, request.path, request.query, request.headers,
                                             await request.read()))
        async with self._arrived:
            self._arrived.notify_all()
        reply = self._next_reply(request.method, request.path)
        if reply is None:
            return web.Response(status=404, text=f"stub: no reply for {request.method} {request.path}")
        if reply.gate is not None:
            await reply.gate.wait()
        if reply.delay:
            await asyncio.sleep(reply.delay)
        return web.Response(status=reply.status, body=reply.body, headers=reply.headers)

    def _next_reply(self, method: str, path: str) -> _Reply | None:
        replies = self._routes.get((method, path), [])
        for reply in replies:
            if reply.times is None:
                return reply
            if reply.times > 0:
                reply.times -= 1
                return reply
        return replies[-1] if replies else None
