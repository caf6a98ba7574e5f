"""The in-memory transport: the fake beside :class:`AiohttpTransport`."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from multidict import CIMultiDict, CIMultiDictProxy

from musiccorp.chassis.http._response import Response
from musiccorp.chassis.http._transport import Params

__all__ = ["MockTransport", "Request"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Request:
    """One request as a :class:`MockTransport` handler sees it."""

    method: str
    url: str
    params: Params = field(default_factory=dict)
    headers: CIMultiDict[str] = field(default_factory=CIMultiDict)
    body: bytes | None = None


Handler = Callable[[Request], Response | Awaitable[Response]]


class MockTransport:
    """Answer every request from ``handler``, in memory, like ``httpx.MockTransport``.

    The handler may be sync or async and may raise ``ConnectionError``; a handler
    slower than the call's timeout raises ``TimeoutError`` as the network would.
    Every request is kept in ``requests``.

    >>> transport = MockTransport(lambda request: Response(200, CIMultiDict(), b"pong"))
    >>> client = HttpClient(transport=transport)  # doctest: +SKIP
    """

    def __init__(self, handler: Handler) -> None:
        self._handler = handler
        self.requests: list[Request] = []

    async def send(self, method: str, url: str, *, params: Params | None, headers: Mapping[str, str],
                   body: bytes | None, timeout: float) -> Response:  # noqa: ASYNC109 - per-attempt budget
        request = Request(method=method, url=url, params=dict(params or {}), headers=CIMultiDict(headers),
                          body=body)
        self.requests.append(request)
        async with asyncio.timeout(timeout):
            response = self._handler(request)
            if inspect.isawaitable(response):
                response = await response
        if not isinstance(response.headers, CIMultiDict | CIMultiDictProxy):
            response.headers = CIMultiDict(response.headers)
        return response

    async def close(self) -> None:
        """Nothing to release."""
