"""Client-side RED metrics per downstream, plus breaker state and cache outcomes."""

from __future__ import annotations

from prometheus_client import REGISTRY, Counter, Gauge, Histogram

from musiccorp.chassis.http._breaker import CircuitState

__all__ = ["DownstreamMetrics"]


def _metric(kind, name: str, documentation: str, labels: tuple[str, ...], **kwargs):
    """Create a collector, or return the one a previous import (a reload in tests) made."""
    existing = REGISTRY._names_to_collectors.get(name)  # noqa: SLF001 - no public lookup exists
    return existing if existing is not None else kind(name, documentation, labels, **kwargs)


REQUESTS = _metric(Counter, "musiccorp_http_client_requests_total",
                   "Calls to downstream services, by outcome (status code or error).",
                   ("downstream", "method", "status"))
DURATION = _metric(Histogram, "musiccorp_http_client_request_duration_seconds",
                   "Time from sending a request to a downstream until its whole response arrived.",
                   ("downstream", "method"),
                   buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
CIRCUIT_STATE = _metric(Gauge, "musiccorp_http_client_circuit_state",
                        "Circuit breaker per downstream: 0 closed, 1 half-open, 2 open.", ("downstream",))
CACHE = _metric(Counter, "musiccorp_http_client_cache_total",
                "Client cache lookups by result: hit, revalidated, stale or miss.", ("downstream", "result"))


class DownstreamMetrics:
    """The labelled children of one downstream, looked up once and reused on every call."""

    __slots__ = ("_cache", "_circuit", "_downstream", "_durations", "_requests")

    def __init__(self, downstream: str) -> None:
        self._downstream = downstream
        self._requests: dict[tuple[str, int | str], Counter] = {}
        self._durations: dict[str, Histogram] = {}
        self._cache = {result: CACHE.labels(downstream, result)
                       for result in ("hit", "revalidated", "stale", "miss")}
        self._circuit = CIRCUIT_STATE.labels(downstream)
        self._circuit.set(CircuitState.CLOSED)

    def request(self, method: str, outcome: int | str, seconds: float | None = None) -> None:
        """Count one call; ``outcome`` is the status code, or an error such as ``"timeout"``."""
        counter = self._requests.get((method, outcome))
        if counter is None:
            counter = REQUESTS.labels(self._downstream, method, str(outcome))
            self._requests[method, outcome] = counter
        counter.inc()
        if seconds is not None:
            duration = self._durations.get(method)
            if duration is None:
                duration = self._durations[method] = DURATION.labels(self._downstream, method)
            duration.observe(seconds)

    def cache(self, result: str) -> None:
        self._cache[result].inc()

    def circuit(self, state: CircuitState) -> None:
        self._circuit.set(state)
