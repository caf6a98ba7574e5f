"""The resilient HTTP client: how one service calls another.

One :class:`HttpClient` per process hands out a :class:`ServiceClient` per
downstream. Each call resolves the downstream by name (discovery), takes the
next instance in turn, carries the correlation id and trace context, and goes
through the downstream's :class:`CircuitBreaker` and :class:`Bulkhead` with a
per-attempt timeout. Idempotent calls are retried with jittered backoff on
connection errors, timeouts and 502/503/504; a POST only with an
``Idempotency-Key``. Non-2xx responses are returned, not raised. An optional
:class:`ResponseCache` serves fresh GETs from memory, revalidates stale ones and
serves stale copies while the downstream is down.

>>> http = HttpClient()
>>> catalog = http.for_service("catalog", registry=registry, cache=ResponseCache())  # doctest: +SKIP
>>> try:  # doctest: +SKIP
...     album = (await catalog.get("/v1/albums/7")).json()
... except DownstreamUnavailable:
...     album = None  # degrade: render the page without it

Errors (every message starts with the downstream's name)::

    RemoteCallError
    ├── UnexpectedAnswer           an answer, but not the contract's (``get_document``)
    └── DownstreamUnavailable      no answer to be had now: degrade or fail
        ├── CircuitOpen            the breaker is open; no network call was made
        ├── BulkheadFull           too many calls in flight and queued
        ├── CallTimeout            no response within the timeout
        ├── ConnectionFailed       could not connect, or the connection broke
        └── NoLiveInstance         discovery knows no live instance (from ServiceNotFound)

Metrics: ``musiccorp_http_client_requests_total{downstream,method,status}`` (one per
attempt; ``status`` is the code, or ``timeout``, ``connection_error``, ``circuit_open``,
``bulkhead_full`` or ``no_instance``),
``musiccorp_http_client_request_duration_seconds{downstream,method}``,
``musiccorp_http_client_circuit_state{downstream}`` (0 closed, 1 half-open, 2 open)
and ``musiccorp_http_client_cache_total{downstream,result}`` (hit, revalidated, stale, miss).
"""

from musiccorp.chassis.http._breaker import CircuitBreaker, CircuitState
from musiccorp.chassis.http._bulkhead import Bulkhead
from musiccorp.chassis.http._cache import ResponseCache
from musiccorp.chassis.http._client import HttpClient
from musiccorp.chassis.http._errors import (
    BulkheadFull,
    CallTimeout,
    CircuitOpen,
    ConnectionFailed,
    DownstreamUnavailable,
    NoLiveInstance,
    RemoteCallError,
    UnexpectedAnswer,
)
from musiccorp.chassis.http._mock import MockTransport, Request
from musiccorp.chassis.http._propagation import Propagator, inject_correlation_id
from musiccorp.chassis.http._response import Response
from musiccorp.chassis.http._service_client import ServiceClient
from musiccorp.chassis.http._transport import Transport

__all__ = [
    "BulkheadFull",
    "Bulkhead",
    "CallTimeout",
    "CircuitBreaker",
    "CircuitOpen",
    "CircuitState",
    "ConnectionFailed",
    "DownstreamUnavailable",
    "HttpClient",
    "MockTransport",
    "NoLiveInstance",
    "Propagator",
    "RemoteCallError",
    "Request",
    "Response",
    "ResponseCache",
    "ServiceClient",
    "Transport",
    "UnexpectedAnswer",
    "inject_correlation_id",
]
