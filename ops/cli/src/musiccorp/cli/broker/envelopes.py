"""Reading the CloudEvents envelopes of ADR 0005, tolerantly: a body that is no JSON object is kept raw."""

from __future__ import annotations

import json

__all__ = ["CONTENT_TYPE", "compact", "decode_envelope", "short"]

CONTENT_TYPE = "application/cloudevents+json"


def decode_envelope(body: bytes) -> dict | None:
    """The envelope in ``body``, or ``None`` when it is not a JSON object."""
    try:
        value = json.loads(body)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def compact(value: object, *, limit: int = 200) -> str:
    """``value`` as one line of JSON, cut to ``limit`` characters with ``…``.

    >>> compact({"customer_id": "c-1", "uri": "http://customers/v1/customers/c-1"}, limit=30)
    '{"customer_id":"c-1","uri":"h…'
    """
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def short(identifier: object, *, keep: int = 8) -> str:
    """The first ``keep`` characters of an id, with ``…`` when it was longer; ``—`` for none.

    >>> short("5f0c2b9e-8d1a-4c43-9b0e-0f6b2b6d1c11")
    '5f0c2b9e…'
    """
    if identifier in (None, ""):
        return "—"
    text = str(identifier)
    return text if len(text) <= keep else text[:keep] + "…"
