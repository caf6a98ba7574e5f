"""PayBuddy's error style: ``{"errorCode": "...", "errorMessage": "..."}`` with a 4xx or 5xx status.

Business outcomes (a refused card) are not errors: they are 200 answers with a
``state``. Errors are for requests PayBuddy could not act on. Every failure,
including an unknown path and a crash, leaves in this shape.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from aiohttp import web

__all__ = ["Answer", "ApiError", "json_errors", "read_json"]

log = logging.getLogger("paybuddy")


@dataclass(frozen=True, slots=True)
class Answer:
    """A status and a JSON body: what an idempotent request remembers and replays."""

    status: int
    body: dict[str, Any]

    def response(self) -> web.Response:
        return web.json_response(self.body, status=self.status)


class ApiError(Exception):
    """A request PayBuddy refuses, with a stable ``errorCode`` for programs and a message for people."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def answer(self) -> Answer:
        return Answer(self.status, {"errorCode": self.code, "errorMessage": self.message})


_HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 413: "request_too_large"}


@web.middleware
async def json_errors(request: web.Request, handler) -> web.StreamResponse:
    """Turn :class:`ApiError`, the router's own 404/405 and any crash into PayBuddy's error shape."""
    try:
        return await handler(request)
    except ApiError as error:
        return error.answer().response()
    except web.HTTPException as error:
        if error.status < 400:
            raise
        messages = {404: f"The PayBuddy API has no {request.path}.",
                    405: f"{request.path} does not answer {request.method}."}
        code = _HTTP_CODES.get(error.status, "request_invalid")
        return ApiError(error.status, code, messages.get(error.status, error.reason)).answer().response()
    except Exception:
        log.exception("unexpected error on %s %s", request.method, request.path)
        message = "PayBuddy hit an unexpected error; retry with the same Idempotency-Token."
        return ApiError(500, "internal_error", message).answer().response()


async def read_json(request: web.Request, *, optional: bool = False) -> dict[str, Any]:
    """The request's JSON object; 400 ``request_invalid`` when it is not one (``{}`` if optional and empty)."""
    if optional and not await request.read():
        return {}
    try:
        document = await request.json()
    except ValueError:
        raise ApiError(400, "request_invalid", "The request body must be a JSON object.") from None
    if not isinstance(document, dict):
        raise ApiError(400, "request_invalid", "The request body must be a JSON object.")
    return document
