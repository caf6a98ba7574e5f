"""One JSON object per log line on stdout (``ts``, ``level``, ``event``, ``service``), requests included.

The merchant's ``X-Correlation-ID`` is logged with each request, so a merchant
that sends one can find PayBuddy's side of a journey in the sandbox's log.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger

__all__ = ["AccessLogger", "configure_logging"]

_STANDARD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "taskName"}


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        document = {"ts": datetime.fromtimestamp(record.created, UTC).isoformat(), "level": record.levelname.lower(),
                    "event": record.getMessage(), "service": "paybuddy"}
        document.update({key: value for key, value in record.__dict__.items() if key not in _STANDARD})
        if record.exc_info:
            document["exception"] = self.formatException(record.exc_info)
        return json.dumps(document, default=str)


def configure_logging(level: int = logging.INFO) -> None:
    """Send every log record to stdout as a JSON line."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(_JsonFormatter())
    logging.basicConfig(level=level, handlers=[handler], force=True)


class AccessLogger(AbstractAccessLogger):
    """One ``request`` line per answered request: method, path, status, duration, correlation id."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.info("request", extra={
            "method": request.method, "path": request.path, "status": response.status,
            "duration_ms": round(time * 1000, 2), "correlation_id": request.headers.get("X-Correlation-ID"),
        })
