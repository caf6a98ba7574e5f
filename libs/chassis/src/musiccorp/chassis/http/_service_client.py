"""Calls to one downstream, by name: discovery, round-robin and retries, through a guard."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Mapping
from typing import Any

import orjson

from musiccorp.chassis.discovery import Instance, ServiceNotFound, ServiceRegistry
from musiccorp.chassis.http._breaker import CircuitBreaker
from musiccorp.chassis.http._bulkhead import Bulkhead
from musiccorp.chassis.http._cache import ResponseCache
from musiccorp.chassis.http._cache_control import cache_key
from musiccorp.chassis.http._errors import (
    CallTimeout,
    ConnectionFailed,
    DownstreamUnavailable,
    NoLiveInstance,
    UnexpectedAnswer,
)
from musiccorp.chassis.http._guard import Guard
from musiccorp.chassis.http._propagation import Propagator
from musiccorp.chassis.http._response import Response
from musiccorp.chassis.http._retry import RETRY_STATUSES, backoff, may_retry
from musiccorp.chassis.http._transport import Params

__all__ = ["ServiceClient"]

Headers = Mapping[str, str]


class ServiceClient:
    """A resilient client of one downstream service; get one from :meth:`HttpClient.for_service`.

    Every call resolves the service by name and takes the next instance in
    turn. ``timeout`` bounds each attempt; a retry waits a jittered backoff and
    prefers another instance.

    >>> catalog = http.for_service("catalog", registry=registry)  # doctest: +SKIP
    >>> response = await catalog.get("/v1/albums/7", params={"expand": "tracks"})  # doctest: +SKIP
    >>> response.status, response.json()["title"]  # doctest: +SKIP
    (200, 'Abbey Road')
    """

    def __init__(self, *, name: str, registry: ServiceRegistry, guard: Guard,
                 propagators: tuple[Propagator, ...], timeout: float, retries: int,
                 cache: ResponseCache | None) -> None:
        self.name = name
        self.cache = cache
        self._registry, self._guard, self._propagators = registry, guard, propagators
        self._timeout, self._retries = timeout, retries
        self._turn = itertools.count()

    @property
    def breaker(self) -> CircuitBreaker:
        return self._guard.breaker

    @property
    def bulkhead(self) -> Bulkhead:
        return self._guard.bulkhead

    async def get(self, path: str, *, params: Params | None = None, headers: Headers | None = None,
                  timeout: float | None = None) -> Response:  # noqa: ASYNC109 - per-attempt budget
        """GET ``path``, e.g. ``await catalog.get("/v1/albums", params={"page": 2})``."""
        if self.cache is None:
            return await self._call("GET", path, params, headers, None, timeout)
        key = cache_key(self.name, path, params, headers)
        response, result = await self.cache.through(
            key, headers, lambda conditional: self._call("GET", path, params, conditional, None, timeout))
        self._guard.metrics.cache(result)
        return response

    async def get_document(self, path: str, *, params: Params | None = None, headers: Headers | None = None,
                           timeout: float | None = None) -> Any | None:  # noqa: ASYNC109 - per-attempt budget
        """The JSON document at ``path``, or ``None`` when the downstream says it has none (404): a resource
        read by reference. Any other answer than 200, or a body that is not JSON, is :class:`UnexpectedAnswer`.

        >>> album = await catalog.get_document("/v1/albums/7")  # doctest: +SKIP
        """
        response = await self.get(path, params=params, headers=headers, timeout=timeout)
        if response.status == 404:
            return None
        if response.status != 200:
            raise UnexpectedAnswer(self.name, f"GET {path} answered {response.status}")
        try:
            return response.json()
        except orjson.JSONDecodeError as exc:
            raise UnexpectedAnswer(self.name, f"GET {path} sent a body that is not JSON") from exc

    async def request(self, method: str, path: str, *, json: Any = None, params: Params | None = None,
                      headers: Headers | None = None, timeout: float | None = None) -> Response:  # noqa: ASYNC109 - per-attempt budget
        """Send ``method`` to ``path`` with ``json`` as the body; non-2xx statuses are returned.

        Only idempotent methods are retried, and a POST carrying ``Idempotency-Key``:
        ``await orders.post("/v1/orders", json=order, headers={"Idempotency-Key": key})``.
        """
        method = method.upper()
        if method == "GET" and json is None:
            return await self.get(path, params=params, headers=headers, timeout=timeout)
        body = None
        if json is not None:
            body = orjson.dumps(json)
            headers = {"Content-Type": "application/json", **(headers or {})}
        return await self._call(method, path, params, headers, body, timeout)

    async def post(self, path: str, *, json: Any = None, params: Params | None = None,
                   headers: Headers | None = None, timeout: float | None = None) -> Response:  # noqa: ASYNC109 - per-attempt budget
        return await self.request("POST", path, json=json, params=params, headers=headers, timeout=timeout)

    async def put(self, path: str, *, json: Any = None, params: Params | None = None,
                  headers: Headers | None = None, timeout: float | None = None) -> Response:  # noqa: ASYNC109 - per-attempt budget
        return await self.request("PUT", path, json=json, params=params, headers=headers, timeout=timeout)

    async def delete(self, path: str, *, params: Params | None = None, headers: Headers | None = None,
                     timeout: float | None = None) -> Response:  # noqa: ASYNC109 - per-attempt budget
        return await self.request("DELETE", path, params=params, headers=headers, timeout=timeout)

    async def _call(self, method: str, path: str, params: Params | None, headers: Headers | None,
                    body: bytes | None, timeout: float | None) -> Response:  # noqa: ASYNC109 - per-attempt budget
        timeout = self._timeout if timeout is None else timeout
        outgoing = dict(headers) if headers else {}
        for propagate in self._propagators:
            propagate(outgoing)
        attempts = 1 + self._retries if may_retry(method, headers) else 1
        attempt, previous, last_response = 1, None, None
        while True:
            try:
                previous = instance = await self._pick(method, avoid=previous)
                response = await self._guard.attempt(method, instance, path, params, outgoing, body, timeout)
            except (CallTimeout, ConnectionFailed):
                if attempt == attempts:
                    raise
            except DownstreamUnavailable:
                if last_response is None:  # the breaker opened or the bulkhead filled: stop
                    raise
                return last_response
            else:
                if attempt == attempts or response.status not in RETRY_STATUSES:
                    return response
                last_response = response
            await asyncio.sleep(backoff(attempt))
            attempt += 1

    async def _pick(self, method: str, *, avoid: Instance | None) -> Instance:
        """The next instance in turn; a retry prefers one other than the last tried."""
        try:
            instances = await self._registry.resolve(self.name)
        except ServiceNotFound as exc:
            raise self._no_instance(method) from exc
        count = len(instances)
        if not count:
            raise self._no_instance(method)
        chosen = instances[next(self._turn) % count]
        if avoid is not None and count > 1 and chosen.instance_id == avoid.instance_id:
            chosen = instances[next(self._turn) % count]
        return chosen

    def _no_instance(self, method: str) -> NoLiveInstance:
        self._guard.metrics.request(method, "no_instance")
        return NoLiveInstance(self.name, "no live instance is registered")
