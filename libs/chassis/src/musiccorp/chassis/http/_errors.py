"""Errors of a remote call; the tree is drawn in the package docstring."""

from __future__ import annotations

__all__ = [
    "BulkheadFull",
    "CallTimeout",
    "CircuitOpen",
    "ConnectionFailed",
    "DownstreamUnavailable",
    "NoLiveInstance",
    "RemoteCallError",
    "UnexpectedAnswer",
]


class RemoteCallError(Exception):
    """A call to ``downstream`` failed; the message starts with its name."""

    def __init__(self, downstream: str, detail: str) -> None:
        super().__init__(f"{downstream}: {detail}")
        self.downstream = downstream


class UnexpectedAnswer(RemoteCallError):
    """The downstream answered, but not as its contract says (an unexpected status, a body that is not JSON)."""


class DownstreamUnavailable(RemoteCallError):
    """No answer can be had from the downstream now; degrade or fail this request."""


class CircuitOpen(DownstreamUnavailable):
    """The circuit breaker is open: failing fast without touching the network."""


class BulkheadFull(DownstreamUnavailable):
    """Too many calls to this downstream are in flight and queued already."""


class CallTimeout(DownstreamUnavailable):
    """The downstream did not answer within the call's timeout."""


class ConnectionFailed(DownstreamUnavailable):
    """The connection could not be made, or broke before a full response."""


class NoLiveInstance(DownstreamUnavailable):
    """Discovery knows no live instance of the downstream (wraps ``ServiceNotFound``)."""
