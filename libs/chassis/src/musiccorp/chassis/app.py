"""One call gives a service its defaults: ``create_service_app(runtime, ...)``.

Every service gets the same operational surface — ``/health/live``,
``/health/ready``, ``/metrics``, ``/info``, ``/openapi.json`` and, when it
publishes or consumes events, ``/asyncapi.json`` — the same
middleware (correlation id, RED metrics, access log) and problem+json for every
error. A service adds only its own routes.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import UTC, datetime

import orjson
from fastapi import APIRouter, FastAPI
from starlette.requests import Request
from starlette.responses import Response

from musiccorp.chassis.metrics import metrics_endpoint
from musiccorp.chassis.middleware import ServiceMiddleware
from musiccorp.chassis.problems import PROBLEM_JSON, PROBLEM_SCHEMA, install_problem_handlers
from musiccorp.chassis.runtime import ServiceRuntime

__all__ = ["create_service_app"]

Hook = Callable[[], Awaitable[object]]


def create_service_app(runtime: ServiceRuntime, *, routers: Sequence[APIRouter] = (),
                       description: str = "", startup: Iterable[Hook] = (), shutdown: Iterable[Hook] = (),
                       openapi_tags: list[dict] | None = None) -> FastAPI:
    """Build the FastAPI app of a service with the chassis defaults around ``routers``.

    ``startup`` hooks run after the runtime started (database migrated, instance
    registered); ``shutdown`` hooks run before it stops.

    >>> app = create_service_app(runtime, routers=[albums.router])  # doctest: +SKIP
    """
    manifest = runtime.manifest
    startup, shutdown = tuple(startup), tuple(shutdown)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI):
        await runtime.start()
        for hook in startup:
            await hook()
        try:
            yield
        finally:
            for hook in shutdown:
                await hook()
            await runtime.stop()

    app = FastAPI(
        title=f"MusicCorp {manifest.name}",
        version=manifest.version,
        description=description or manifest.description,
        lifespan=lifespan,
        openapi_tags=openapi_tags,
    )
    app.state.runtime = runtime
    install_problem_handlers(app)
    app.add_middleware(ServiceMiddleware)
    for router in routers:
        app.include_router(router)
    _add_operational_routes(app, runtime)
    _document_errors_as_problems(app)
    return app


def _is_json(content: dict | None) -> bool:
    """True for undocumented or JSON bodies; a page's own HTML error stays as documented."""
    return not content or all(media.endswith("json") for media in content)


def _document_errors_as_problems(app: FastAPI) -> None:
    """Make the OpenAPI document say what the service does: every 4xx/5xx is problem+json."""
    generate = app.openapi

    def openapi() -> dict:
        if app.openapi_schema:
            return app.openapi_schema
        document = generate()
        document.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
        for path in document.get("paths", {}).values():
            for operation in path.values():
                for status, response in operation.get("responses", {}).items():
                    if status[:1] in ("4", "5") and _is_json(response.get("content")):
                        response["content"] = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}
        document["components"]["schemas"].pop("HTTPValidationError", None)
        document["components"]["schemas"].pop("ValidationError", None)
        app.openapi_schema = document
        return document

    app.openapi = openapi


def _add_operational_routes(app: FastAPI, runtime: ServiceRuntime) -> None:
    started_at = datetime.now(UTC).isoformat()
    started = time.monotonic()
    manifest, settings = runtime.manifest, runtime.settings

    async def info(_request: Request) -> Response:
        return Response(orjson.dumps({
            "name": manifest.name,
            "version": manifest.version,
            "description": manifest.description,
            "owner": manifest.owner,
            "tier": manifest.tier,
            "on_call": manifest.on_call,
            "git_sha": settings.git_sha,
            "instance": runtime.instance.instance_id,
            "environment": settings.environment,
            "started_at": started_at,
            "uptime_seconds": round(time.monotonic() - started, 1),
        }), media_type="application/json")

    app.add_route("/health/live", runtime.health.live_endpoint, include_in_schema=False)
    app.add_route("/health/ready", runtime.health.ready_endpoint, include_in_schema=False)
    app.add_route("/metrics", metrics_endpoint, include_in_schema=False)
    app.add_route("/info", info, include_in_schema=False)
    if runtime.has_events:
        async def asyncapi(_request: Request) -> Response:
            return Response(orjson.dumps(runtime.asyncapi()), media_type="application/json")

        app.add_route("/asyncapi.json", asyncapi, include_in_schema=False)
