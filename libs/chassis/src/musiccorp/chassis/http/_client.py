"""The one HTTP client of a process, handing out one resilient client per downstream."""

from __future__ import annotations

from collections.abc import Iterable
from types import TracebackType
from typing import Self

from musiccorp.chassis.discovery import ServiceRegistry
from musiccorp.chassis.http._breaker import CircuitBreaker
from musiccorp.chassis.http._bulkhead import Bulkhead
from musiccorp.chassis.http._cache import ResponseCache
from musiccorp.chassis.http._guard import Guard
from musiccorp.chassis.http._metrics import DownstreamMetrics
from musiccorp.chassis.http._propagation import Propagator, default_propagators
from musiccorp.chassis.http._service_client import ServiceClient
from musiccorp.chassis.http._transport import AiohttpTransport, Transport

__all__ = ["HttpClient"]


class HttpClient:
    """One per process: owns the connection pool; no I/O until the first call.

    ``propagators`` write context headers into every request (by default the
    correlation id, and W3C trace context when OpenTelemetry is importable).
    Pass ``transport=MockTransport(handler)`` to test without a network.

    >>> http = HttpClient()
    >>> catalog = http.for_service("catalog", registry=registry, timeout=1.0)  # doctest: +SKIP
    >>> await catalog.get("/v1/albums")  # doctest: +SKIP
    <Response 200 5120 bytes>
    >>> await http.close()  # doctest: +SKIP
    """

    def __init__(self, *, transport: Transport | None = None, propagators: Iterable[Propagator] | None = None,
                 limit: int = 512, keepalive_timeout: float = 4.0) -> None:
        self._transport = transport or AiohttpTransport(limit=limit, keepalive_timeout=keepalive_timeout)
        self._propagators = default_propagators() if propagators is None else tuple(propagators)
        self._services: dict[str, ServiceClient] = {}

    def for_service(self, name: str, *, registry: ServiceRegistry, timeout: float = 2.0, retries: int = 2,
                    max_concurrent: int = 64, max_queued: int | None = None,
                    breaker: CircuitBreaker | None = None,
                    cache: ResponseCache | None = None) -> ServiceClient:
        """The client of the downstream called ``name``, made on first request and reused after
        (the options of the first request hold).

        ``timeout`` bounds each attempt; ``retries`` is the number of extra
        attempts for idempotent calls; ``max_concurrent`` and ``max_queued``
        size the bulkhead (``max_queued`` defaults to ``max_concurrent``).
        """
        client = self._services.get(name)
        if client is None:
            guard = Guard(name=name, transport=self._transport, breaker=breaker or CircuitBreaker(),
                          bulkhead=Bulkhead(downstream=name, max_concurrent=max_concurrent,
                                            max_queued=max_queued),
                          metrics=DownstreamMetrics(name))
            client = self._services[name] = ServiceClient(
                name=name, registry=registry, guard=guard, propagators=self._propagators,
                timeout=timeout, retries=retries, cache=cache)
        return client

    async def close(self) -> None:
        """Close the connection pool; a later call opens a new one."""
        await self._transport.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.close()
