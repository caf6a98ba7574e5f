"""Problem details (RFC 9457): every error a service returns is ``application/problem+json``.

A caller — a person reading curl output or another service — always gets a
``type``, ``title``, ``status`` and ``detail``, plus the correlation id to quote
when asking what went wrong. Never a stack trace.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from musiccorp.chassis.correlation import current_correlation_id
from musiccorp.chassis.logs import get_logger

__all__ = ["PROBLEM_JSON", "PROBLEM_SCHEMA", "Problem", "install_problem_handlers", "problem_response"]

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://musiccorp.example/problems/"
PROBLEM_SCHEMA = {
    "title": "Problem",
    "description": "An RFC 9457 problem document.",
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "correlation_id": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object", "properties": {
            "location": {"type": "string"}, "message": {"type": "string"}}}},
    },
}

log = get_logger(__name__)


class Problem(Exception):
    """Raise from an entrypoint to answer with a problem document.

    >>> raise Problem(404, "album-not-found", detail="No album with id 42")  # doctest: +SKIP
    """

    def __init__(self, status: int, slug: str, *, title: str | None = None, detail: str = "",
                 headers: dict[str, str] | None = None, **extra: Any) -> None:
        super().__init__(detail or slug)
        self.status = status
        self.slug = slug
        self.title = title or slug.replace("-", " ").capitalize()
        self.detail = detail
        self.headers = headers
        self.extra = extra


def problem_response(status: int, slug: str, *, title: str | None = None, detail: str = "",
                     instance: str | None = None, headers: dict[str, str] | None = None,
                     **extra: Any) -> Response:
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + slug,
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    correlation_id = current_correlation_id()
    if correlation_id:
        body["correlation_id"] = correlation_id
    body.update(extra)
    return Response(orjson.dumps(body), status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _slug_for(status: int) -> str:
    return HTTPStatus(status).phrase.lower().replace(" ", "-").replace("'", "")


async def _on_problem(request: Request, exc: Problem) -> Response:
    return problem_response(exc.status, exc.slug, title=exc.title, detail=exc.detail,
                            instance=request.url.path, headers=exc.headers, **exc.extra)


async def _on_http_exception(request: Request, exc: StarletteHTTPException) -> Response:
    detail = exc.detail if isinstance(exc.detail, str) else ""
    return problem_response(exc.status_code, _slug_for(exc.status_code), detail=detail,
                            instance=request.url.path, headers=getattr(exc, "headers", None))


async def _on_validation_error(request: Request, exc: RequestValidationError) -> Response:
    errors = [
        {"location": ".".join(str(part) for part in error["loc"]), "message": error["msg"]}
        for error in exc.errors()
    ]
    summary = "; ".join(f"{e['location']}: {e['message']}" for e in errors[:3])
    return problem_response(422, "validation-error", title="Invalid request",
                            detail=summary, instance=request.url.path, errors=errors)


async def _on_unexpected(request: Request, exc: Exception) -> Response:
    log.error("unhandled error", path=request.url.path, exc_info=exc)
    return problem_response(500, "internal-error", title="Internal error",
                            detail="The service failed to answer; the error is logged under this "
                                   "correlation id.", instance=request.url.path)


def install_problem_handlers(app: FastAPI) -> None:
    """Answer every error of ``app`` — expected or not — with problem+json."""
    app.add_exception_handler(Problem, _on_problem)
    app.add_exception_handler(StarletteHTTPException, _on_http_exception)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(Exception, _on_unexpected)
