"""W3C trace context across the broker, when OpenTelemetry is installed (a no-op otherwise)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

__all__ = ["current_traceparent", "trace_scope"]


def current_traceparent() -> str | None:
    """The ``traceparent`` of the span in progress, or ``None`` when nothing is being traced."""
    try:
        from opentelemetry.propagate import inject
    except ImportError:
        return None
    carrier: dict[str, str] = {}
    inject(carrier)
    return carrier.get("traceparent")


@contextlib.contextmanager
def trace_scope(traceparent: str | None) -> Iterator[None]:
    """Continue the producer's trace while a handler runs, so its own calls join it."""
    if not traceparent:
        yield
        return
    try:
        from opentelemetry import context
        from opentelemetry.propagate import extract
    except ImportError:
        yield
        return
    token = context.attach(extract({"traceparent": traceparent}))
    try:
        yield
    finally:
        context.detach(token)
