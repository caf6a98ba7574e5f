"""Correlation ids: one id per user journey, carried on every hop.

The edge (the first service a request reaches) mints an id when the caller sent
none; every later hop reads it from ``X-Correlation-ID`` and passes it on. The id
lives in a context variable so that logs, the HTTP client and the event
publisher all see the id of the request they are serving, without threading it
through every function.

>>> with correlation_scope("abc"):
...     current_correlation_id()
'abc'
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from contextvars import ContextVar, Token

__all__ = [
    "CORRELATION_HEADER",
    "REQUEST_ID_HEADER",
    "bind_correlation_id",
    "correlation_scope",
    "current_correlation_id",
    "new_correlation_id",
    "unbind_correlation_id",
]

CORRELATION_HEADER = "X-Correlation-ID"
REQUEST_ID_HEADER = "X-Request-ID"

_correlation_id: ContextVar[str | None] = ContextVar("musiccorp_correlation_id", default=None)


def new_correlation_id() -> str:
    """A fresh, URL-safe correlation id."""
    return uuid.uuid4().hex


def current_correlation_id() -> str | None:
    """The correlation id of the work in progress, or ``None`` outside any."""
    return _correlation_id.get()


@contextlib.contextmanager
def correlation_scope(correlation_id: str) -> Iterator[str]:
    """Run a block of work under ``correlation_id`` (restored on exit)."""
    token = _correlation_id.set(correlation_id)
    try:
        yield correlation_id
    finally:
        _correlation_id.reset(token)


def bind_correlation_id(correlation_id: str) -> Token:
    """Make ``correlation_id`` current; pass the token to :func:`unbind_correlation_id`."""
    return _correlation_id.set(correlation_id)


def unbind_correlation_id(token: Token) -> None:
    _correlation_id.reset(token)
