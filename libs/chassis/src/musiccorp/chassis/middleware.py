"""The one ASGI middleware every request passes: correlation id, RED metrics, access log.

It is plain ASGI (not ``BaseHTTPMiddleware``), because it runs on every request
of every service and must cost microseconds, not a task per request.
"""

from __future__ import annotations

import os
import time

from musiccorp.chassis.correlation import CORRELATION_HEADER, bind_correlation_id, unbind_correlation_id
from musiccorp.chassis.logs import get_logger, request_id_var
from musiccorp.chassis.metrics import HTTP_DURATION, HTTP_IN_FLIGHT, HTTP_REQUESTS

__all__ = ["ServiceMiddleware"]

_CORRELATION_KEY = CORRELATION_HEADER.lower().encode()
_QUIET_PREFIXES = ("/health/", "/metrics")

log = get_logger("musiccorp.access")

class ServiceMiddleware:
    """Reads or mints the correlation id, echoes it, and records the request."""

    def __init__(self, app) -> None:
        self.app = app
        self._children: dict[tuple[str, str, int], tuple] = {}

    def _collectors(self, method: str, route: str, status: int) -> tuple:
        key = (method, route, status)
        children = self._children.get(key)
        if children is None:
            children = (HTTP_REQUESTS.labels(method, route, str(status)), HTTP_DURATION.labels(method, route))
            self._children[key] = children
        return children

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        correlation_id = None
        for name, value in scope["headers"]:
            if name == _CORRELATION_KEY:
                correlation_id = value.decode("latin-1")[:128]
                break
        if not correlation_id:
            correlation_id = os.urandom(16).hex()
        request_id = os.urandom(8).hex()
        echo = [(b"x-correlation-id", correlation_id.encode()), (b"x-request-id", request_id.encode())]
        status = 500

        async def send_with_ids(message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), *echo]
            await send(message)

        token_c = bind_correlation_id(correlation_id)
        token_r = request_id_var.set(request_id)
        HTTP_IN_FLIGHT.inc()
        started = time.perf_counter()
        try:
            await self.app(scope, receive, send_with_ids)
        finally:
            elapsed = time.perf_counter() - started
            HTTP_IN_FLIGHT.dec()
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            requests, duration = self._collectors(scope["method"], template, status)
            requests.inc()
            duration.observe(elapsed)
            path = scope["path"]
            if not path.startswith(_QUIET_PREFIXES):
                log.info("request", method=scope["method"], path=path, status=status,
                         duration_ms=round(elapsed * 1000, 2))
            unbind_correlation_id(token_c)
            request_id_var.reset(token_r)
