"""One attempt at one instance, behind the downstream's breaker and bulkhead, measured."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from time import perf_counter

from musiccorp.chassis.discovery import Instance
from musiccorp.chassis.http._breaker import CircuitBreaker, CircuitState
from musiccorp.chassis.http._bulkhead import Bulkhead
from musiccorp.chassis.http._errors import BulkheadFull, CallTimeout, CircuitOpen, ConnectionFailed
from musiccorp.chassis.http._metrics import DownstreamMetrics
from musiccorp.chassis.http._response import Response
from musiccorp.chassis.http._transport import Params, Transport

__all__ = ["Guard"]

log = logging.getLogger(__name__)


class Guard:
    """Fails fast when the breaker is open or the bulkhead full; 5xx and transport errors
    count against the breaker, 4xx do not."""

    __slots__ = ("_name", "_transport", "breaker", "bulkhead", "metrics")

    def __init__(self, *, name: str, transport: Transport, breaker: CircuitBreaker, bulkhead: Bulkhead,
                 metrics: DownstreamMetrics) -> None:
        self._name, self._transport = name, transport
        self.breaker, self.bulkhead, self.metrics = breaker, bulkhead, metrics
        breaker.on_change = self._circuit_changed

    async def attempt(self, method: str, instance: Instance, path: str, params: Params | None,
                      headers: Mapping[str, str], body: bytes | None, timeout: float) -> Response:  # noqa: ASYNC109 - per-attempt budget
        breaker = self.breaker
        if not breaker.allow():
            self.metrics.request(method, "circuit_open")
            raise CircuitOpen(self._name, f"circuit open; failing fast for {breaker.retry_after():.1f} s")
        judged = False
        try:
            async with self.bulkhead:
                response = await self._send(method, instance, path, params, headers, body, timeout)
            judged = True
            return response
        except (CallTimeout, ConnectionFailed):
            judged = True
            raise
        except BulkheadFull:
            self.metrics.request(method, "bulkhead_full")
            raise
        finally:
            if not judged:  # never sent, or cancelled: no verdict on the downstream
                breaker.release()

    async def _send(self, method: str, instance: Instance, path: str, params: Params | None,
                    headers: Mapping[str, str], body: bytes | None, timeout: float) -> Response:  # noqa: ASYNC109 - per-attempt budget
        started = perf_counter()
        try:
            response = await self._transport.send(method, instance.url + path, params=params,
                                                  headers=headers, body=body, timeout=timeout)
        except TimeoutError as exc:
            self._failed(method, "timeout", started)
            raise CallTimeout(self._name, f"no response to {method} {path} within {timeout} s") from exc
        except ConnectionError as exc:
            self._failed(method, "connection_error", started)
            raise ConnectionFailed(self._name, f"{method} {instance.url}{path} failed: {exc}") from exc
        if response.status >= 500:
            self.breaker.record_failure()
        else:
            self.breaker.record_success()
        self.metrics.request(method, response.status, perf_counter() - started)
        return response

    def _failed(self, method: str, outcome: str, started: float) -> None:
        self.breaker.record_failure()
        self.metrics.request(method, outcome, perf_counter() - started)

    def _circuit_changed(self, state: CircuitState) -> None:
        self.metrics.circuit(state)
        if state is CircuitState.OPEN:
            log.warning("circuit to %s opened; calls fail fast for a while", self._name)
        elif state is CircuitState.CLOSED:
            log.info("circuit to %s closed again", self._name)
