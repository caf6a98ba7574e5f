"""Structured JSON logs: one object per line, the same keys in every service.

Every line carries ``ts``, ``level``, ``event``, ``service``, ``version``,
``instance`` and, inside a request or a message handler, ``correlation_id`` and
``request_id`` — so ``musiccorp logs --correlation-id`` can follow one journey
across services.
"""

from __future__ import annotations

import logging
import sys
from contextvars import ContextVar

import orjson
import structlog

from musiccorp.chassis.correlation import current_correlation_id

__all__ = ["configure_logging", "current_request_id", "get_logger", "request_id_var"]

request_id_var: ContextVar[str | None] = ContextVar("musiccorp_request_id", default=None)

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING, "error": logging.ERROR}


def current_request_id() -> str | None:
    return request_id_var.get()


# Read by every line, so loggers cached before a re-configuration (tests) still say the right service.
_static: dict[str, str] = {}


def _add_static(_logger, _method, event: dict) -> dict:
    event.update(_static)
    return event


def _add_ids(_logger, _method, event: dict) -> dict:
    correlation_id = current_correlation_id()
    if correlation_id is not None:
        event.setdefault("correlation_id", correlation_id)
    request_id = request_id_var.get()
    if request_id is not None:
        event.setdefault("request_id", request_id)
    return event


def _serialize(event: dict, **_kw) -> bytes:
    return orjson.dumps(event, default=str)


def configure_logging(*, service: str, version: str, instance: str, level: str = "info",
                      fmt: str = "json") -> None:
    """Send structlog and the standard library's logging to stdout as JSON lines."""
    _static.clear()
    _static.update(service=service, version=version, instance=instance)
    renderer = (structlog.processors.JSONRenderer(serializer=_serialize) if fmt == "json"
                else structlog.dev.ConsoleRenderer())
    processors = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True, key="ts"),
        _add_static,
        _add_ids,
        structlog.processors.format_exc_info,
        renderer,
    ]
    structlog.configure(
        processors=processors,
        wrapper_class=structlog.make_filtering_bound_logger(_LEVELS[level]),
        logger_factory=_StdoutLogger if fmt == "json" else structlog.PrintLoggerFactory(),
        cache_logger_on_first_use=True,
    )
    _route_stdlib_logging(level)


class _StdoutLogger:
    """Writes each rendered line to the *current* stdout and flushes it.

    Looked up per line (not captured once) so tests that swap stdout work; flushed
    per line so a killed process loses no log line and ``logs --follow`` is live.
    """

    def __init__(self, *_args) -> None:
        pass

    def msg(self, line: bytes) -> None:
        stream = sys.stdout.buffer
        stream.write(line + b"\n")
        stream.flush()

    log = debug = info = warning = warn = error = critical = exception = fatal = msg


class _StructlogHandler(logging.Handler):
    """Re-emit records of libraries that log through ``logging`` as JSON lines."""

    def emit(self, record: logging.LogRecord) -> None:
        log = structlog.get_logger(record.name)
        kwargs = {"logger": record.name}
        if record.exc_info:
            kwargs["exc_info"] = record.exc_info
        log.log(record.levelno, record.getMessage(), **kwargs)


def _route_stdlib_logging(level: str) -> None:
    root = logging.getLogger()
    root.handlers[:] = [_StructlogHandler()]
    root.setLevel(max(_LEVELS[level], logging.INFO))
    for noisy in ("aiosqlite", "sqlalchemy.engine", "alembic", "asyncio", "nats"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def get_logger(name: str | None = None) -> structlog.stdlib.BoundLogger:
    return structlog.get_logger(name)
