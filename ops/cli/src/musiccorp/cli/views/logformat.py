"""One log line made readable: ``12:01:02.345 catalog  info  GET /v1/albums 200 3.1ms  cid=ab12…``."""

from __future__ import annotations

import json
from datetime import datetime

from rich.text import Text

from musiccorp.cli.views.logs import LogLine, parse_time

__all__ = ["render_line"]

LEVEL_STYLES = {
    "debug": "dim",
    "info": "green",
    "warning": "yellow",
    "error": "red",
    "critical": "bold red",
}
_SHOWN_ELSEWHERE = {
    "ts", "level", "event", "service", "correlation_id", "request_id", "method", "path", "status",
    "duration_ms", "version", "instance", "exception",
}
_HTTP_EVENTS = {"request", "http.request", "request.finished", "request finished", "access"}
_TIME_WIDTH = len("12:01:02.345")
_CID_SHOWN = 8


def render_line(line: LogLine, *, name_width: int) -> Text:
    """``line`` as one readable row (plus a traceback below it when the record carries one)."""
    source = line.source.ljust(name_width)
    if line.record is None:
        return Text.assemble(" " * _TIME_WIDTH, " ", (source, "cyan"), "  ", line.text)
    record = line.record
    level = str(record.get("level", "info")).lower()
    text = Text.assemble(
        (_clock(record.get("ts")), "dim"), " ", (source, "cyan"), "  ",
        (level.ljust(5), LEVEL_STYLES.get(level, "")), "  ", _message(record),
    )
    for key, value in record.items():
        if key not in _SHOWN_ELSEWHERE:
            text.append(f"  {key}={_plain(value)}", style="dim")
    if cid := record.get("correlation_id"):
        cid = str(cid)
        shown = f"{cid[:_CID_SHOWN]}…" if len(cid) > _CID_SHOWN else cid
        text.append(f"  cid={shown}", style="magenta")
    if exception := record.get("exception"):
        text.append("\n" + str(exception).rstrip(), style="red")
    return text


def _message(record: dict) -> str:
    event = str(record.get("event", ""))
    if not (record.get("method") and record.get("path")):
        return event
    http = f"{record['method']} {record['path']}"
    if (status := record.get("status")) is not None:
        http += f" {status}"
    if isinstance(duration := record.get("duration_ms"), int | float):
        http += f" {duration:.1f}ms"
    return http if not event or event in _HTTP_EVENTS else f"{event}: {http}"


def _clock(ts: object) -> str:
    seconds = parse_time(ts)
    if seconds is None:
        return "?".ljust(_TIME_WIDTH)
    return datetime.fromtimestamp(seconds).strftime("%H:%M:%S.%f")[:_TIME_WIDTH]


def _plain(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, default=str)
