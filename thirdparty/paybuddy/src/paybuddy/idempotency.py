"""``Idempotency-Token``: the same token within 24 hours gets the first answer, and charges once.

The first request with a token runs as its own task; every twin (sent while it
runs, or later) awaits that same task, so concurrent retries cannot charge
twice, and a caller that gives up (a timeout) does not stop the work it started.
Only answers that did something are remembered: after an error nothing
happened, so a retry with the same token is handled afresh.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from paybuddy.errors import Answer, ApiError

__all__ = ["HEADER", "IdempotencyTokens", "fingerprint"]

HEADER = "Idempotency-Token"
DAY_SECONDS = 24 * 3600
MAX_TOKEN_LENGTH = 255


def fingerprint(*, method: str, path: str, body: dict[str, Any]) -> str:
    """What makes two requests "the same": method, path and body (key order ignored)."""
    canonical = json.dumps({"method": method, "path": path, "body": body}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class _Entry:
    fingerprint: str
    created: float
    answer: asyncio.Task[Answer]


class IdempotencyTokens:
    """The tokens seen in the last ``ttl`` seconds and the answers they were given."""

    def __init__(self, *, ttl: float = DAY_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl = ttl
        self._clock = clock
        self._entries: OrderedDict[str, _Entry] = OrderedDict()

    async def run(self, token: str | None, fingerprint: str, work: Callable[[], Awaitable[Answer]]) -> Answer:
        """``work()``'s answer, or the first answer given to ``token``; 409 if ``token`` came with another body."""
        if token is None:
            return await _answer_of(work)
        _check(token)
        self._forget_expired()
        entry = self._entries.get(token)
        if entry is None:
            task = asyncio.ensure_future(self._first(token, work))
            entry = self._entries[token] = _Entry(fingerprint, self._clock(), task)
        elif entry.fingerprint != fingerprint:
            raise ApiError(409, "idempotency_token_reused", f"{HEADER} {token!r} was already used for another "
                                                            "request; use a new token for a new request.")
        return await asyncio.shield(entry.answer)

    def clear(self) -> None:
        self._entries.clear()

    async def _first(self, token: str, work: Callable[[], Awaitable[Answer]]) -> Answer:
        answer: Answer | None = None
        try:
            answer = await _answer_of(work)
            return answer
        finally:
            if answer is None or answer.status >= 400:
                entry = self._entries.get(token)
                if entry is not None and entry.answer is asyncio.current_task():
                    del self._entries[token]

    def _forget_expired(self) -> None:
        oldest = self._clock() - self._ttl
        while self._entries and next(iter(self._entries.values())).created <= oldest:
            self._entries.popitem(last=False)


async def _answer_of(work: Callable[[], Awaitable[Answer]]) -> Answer:
    try:
        return await work()
    except ApiError as error:
        return error.answer()


def _check(token: str) -> None:
    if not token.strip() or len(token) > MAX_TOKEN_LENGTH:
        raise ApiError(400, "request_invalid", f"{HEADER} must be 1 to {MAX_TOKEN_LENGTH} characters.")
