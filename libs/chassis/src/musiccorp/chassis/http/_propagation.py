"""Headers carried on every hop, read from the context of the work in progress."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Protocol

from musiccorp.chassis.correlation import CORRELATION_HEADER, current_correlation_id

__all__ = ["Propagator", "default_propagators", "inject_correlation_id"]

class Propagator(Protocol):
    """Writes context headers into an outgoing request's headers.

    ``opentelemetry.propagate.inject`` has this shape, so W3C ``traceparent``
    travels by listing it in ``HttpClient(propagators=...)``.
    """

    def __call__(self, headers: MutableMapping[str, str], /) -> None: ...


def inject_correlation_id(headers: MutableMapping[str, str]) -> None:
    """Carry ``X-Correlation-ID`` of the current work, unless the caller set one.

    >>> from musiccorp.chassis.correlation import correlation_scope
    >>> headers = {}
    >>> with correlation_scope("abc"):
    ...     inject_correlation_id(headers)
    >>> headers
    {'X-Correlation-ID': 'abc'}
    """
    correlation_id = current_correlation_id()
    if correlation_id is not None:
        headers.setdefault(CORRELATION_HEADER, correlation_id)


def default_propagators() -> tuple[Propagator, ...]:
    """The correlation id, and W3C ``traceparent``/``baggage`` when OpenTelemetry is importable."""
    try:
        from opentelemetry.propagate import inject
    except ImportError:
        return (inject_correlation_id,)
    return inject_correlation_id, inject
