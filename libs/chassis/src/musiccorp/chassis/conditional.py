"""HTTP caching on the server side: conditional GETs — strong ETags, ``Cache-Control`` and ``304 Not Modified``.

A representation's ETag is a hash of its bytes, so it changes exactly when the
representation does. A client that sends ``If-None-Match`` with the current
ETag gets an empty ``304`` — the cheapest answer there is (practice 11.9).
The other side, the client's cache that keeps and revalidates these answers,
is :class:`musiccorp.chassis.http.ResponseCache`.
"""

from __future__ import annotations

import hashlib

from starlette.requests import Request
from starlette.responses import Response

__all__ = ["cacheable", "etag_of"]


def etag_of(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def _matches(if_none_match: str, etag: str) -> bool:
    if if_none_match.strip() == "*":
        return True
    candidates = (tag.strip().removeprefix("W/") for tag in if_none_match.split(","))
    return etag in candidates


def cacheable(request: Request, body: bytes, *, media_type: str, max_age: int = 60,
              stale_if_error: int = 300) -> Response:
    """Answer with ``body`` and its validators, or ``304`` when the client's copy is current."""
    etag = etag_of(body)
    headers = {
        "ETag": etag,
        "Cache-Control": f"public, max-age={max_age}, stale-if-error={stale_if_error}",
    }
    if_none_match = request.headers.get("if-none-match")
    if if_none_match and _matches(if_none_match, etag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)
