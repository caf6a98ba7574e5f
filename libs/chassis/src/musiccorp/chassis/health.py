"""Liveness and readiness.

``/health/live`` answers 200 while the process can serve at all. ``/health/ready``
runs every registered check (database, broker, ...) concurrently, each bounded
by a timeout, and answers 503 with the failing check named when any fails — so
a supervisor or load balancer sends traffic only to instances that can serve it.
Downstream *services* are deliberately not checked: one slow neighbour must not
take every caller out of rotation (practice 11.1–11.3).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import orjson
from starlette.requests import Request
from starlette.responses import Response

__all__ = ["Check", "HealthChecks"]

Check = Callable[[], Awaitable[object]]

_HEALTH_JSON = "application/health+json"


class HealthChecks:
    """Named readiness checks; a check passes when it returns without raising."""

    def __init__(self, *, timeout: float = 2.0) -> None:
        self._checks: dict[str, Check] = {}
        self._timeout = timeout

    def register(self, name: str, check: Check) -> None:
        self._checks[name] = check

    async def _run_one(self, name: str, check: Check) -> tuple[str, dict]:
        started = time.perf_counter()
        try:
            await asyncio.wait_for(check(), self._timeout)
        except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
            reason = str(exc) or type(exc).__name__
            return name, {"status": "fail", "output": reason[:300]}
        return name, {"status": "pass", "duration_ms": round((time.perf_counter() - started) * 1000, 2)}

    async def run(self) -> tuple[bool, dict[str, dict]]:
        results = dict(await asyncio.gather(*(self._run_one(n, c) for n, c in self._checks.items())))
        return all(r["status"] == "pass" for r in results.values()), results

    async def live_endpoint(self, _request: Request) -> Response:
        return Response(b'{"status":"pass"}', media_type=_HEALTH_JSON)

    async def ready_endpoint(self, _request: Request) -> Response:
        ready, results = await self.run()
        body = {"status": "pass" if ready else "fail", "checks": results}
        return Response(orjson.dumps(body), status_code=200 if ready else 503, media_type=_HEALTH_JSON)
