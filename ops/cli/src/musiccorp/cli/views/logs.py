"""Reading service logs: parse JSON lines, merge files by time, filter, follow.

Services write one JSON object per line (``ts``, ``level``, ``event``,
``service``, often ``correlation_id``); anything else (a traceback, the
broker's own output) is kept as it is and travels with the JSON line before it.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

__all__ = ["LogCursor", "LogLine", "merged", "parse_time"]


@dataclass(frozen=True, slots=True)
class LogLine:
    """One line of one source; ``record`` is its JSON object, ``at`` its time (inherited if none)."""

    source: str
    text: str
    record: dict | None
    at: float


def parse_time(value: object) -> float | None:
    """Seconds since the epoch for an ISO 8601 ``ts`` (UTC when it names no zone)."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


class LogCursor:
    """Reads one log file from where it last stopped, keeping only lines of one journey if asked.

    Lines that are not JSON follow the fate of the JSON line before them, so a
    traceback stays with the error it belongs to.
    """

    def __init__(self, *, source: str, path: Path, correlation_id: str | None = None) -> None:
        self.source = source
        self.path = path
        self._correlation_id = correlation_id
        self._offset = 0
        self._last_at = 0.0
        self._keeping = correlation_id is None

    def read(self, *, complete_only: bool = False) -> Iterator[LogLine]:
        """The lines written since the last read (a torn last line only unless ``complete_only``)."""
        try:
            log = open(self.path, "rb")
        except FileNotFoundError:
            return
        with log:
            if log.seek(0, 2) < self._offset:
                self._offset = 0
            log.seek(self._offset)
            for raw in log:
                if complete_only and not raw.endswith(b"\n"):
                    break
                self._offset += len(raw)
                line = self._parse(raw.decode("utf-8", "replace").rstrip("\r\n"))
                if line is not None:
                    yield line

    def _parse(self, text: str) -> LogLine | None:
        record = _json_object(text)
        if record is not None:
            self._last_at = parse_time(record.get("ts")) or self._last_at
            self._keeping = self._correlation_id in (None, record.get("correlation_id"))
        if not self._keeping or not text.strip():
            return None
        return LogLine(self.source, text, record, self._last_at)


def merged(streams: Iterable[Iterator[LogLine]]) -> Iterator[LogLine]:
    """Lines of several sources in time order (each source already is)."""
    return heapq.merge(*streams, key=lambda line: line.at)


def _json_object(text: str) -> dict | None:
    if not text.startswith("{"):
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
