"""What a remote call returns: status, headers and the whole body, read eagerly."""

from __future__ import annotations

from typing import Any

import orjson
from multidict import CIMultiDict, CIMultiDictProxy

__all__ = ["Response"]


class Response:
    """A downstream's answer; non-2xx answers are returned, not raised.

    ``from_cache`` is true when the body came from the client's cache (fresh or
    revalidated), ``stale`` when a stale copy stood in for an unavailable
    downstream.

    >>> r = Response(200, CIMultiDict({"Content-Type": "application/json"}), b'{"id": 7}')
    >>> r.json()["id"], r.ok
    (7, True)
    """

    __slots__ = ("body", "from_cache", "headers", "stale", "status")

    def __init__(self, status: int, headers: CIMultiDictProxy[str] | CIMultiDict[str], body: bytes, *,
                 from_cache: bool = False, stale: bool = False) -> None:
        self.status = status
        self.headers = headers
        self.body = body
        self.from_cache = from_cache
        self.stale = stale

    @property
    def ok(self) -> bool:
        """True for a 2xx status."""
        return 200 <= self.status < 300

    def json(self) -> Any:
        """The body parsed as JSON."""
        return orjson.loads(self.body)

    def text(self) -> str:
        """The body decoded as UTF-8."""
        return self.body.decode()

    def __repr__(self) -> str:
        flags = " from_cache" * self.from_cache + " stale" * self.stale
        return f"<Response {self.status}{flags} {len(self.body)} bytes>"
