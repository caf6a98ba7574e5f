"""When a failed call may be sent again, and how long to wait first."""

from __future__ import annotations

import random
from collections.abc import Mapping

__all__ = ["RETRY_STATUSES", "backoff", "may_retry"]

IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRY_STATUSES = frozenset({502, 503, 504})
_BASE, _CAP = 0.05, 1.0


def may_retry(method: str, headers: Mapping[str, str] | None) -> bool:
    """Idempotent methods may be sent twice; so may a POST the server de-duplicates by key."""
    if method in IDEMPOTENT:
        return True
    return bool(headers) and any(name.lower() == "idempotency-key" for name in headers)


def backoff(retry: int) -> float:
    """Full jitter: uniform in ``[0, min(cap, base * 2**(retry-1))]``, so retries do not synchronise."""
    return random.random() * min(_CAP, _BASE * 2 ** (retry - 1))
