"""Small helpers over log files: where they end, and their last lines."""

from __future__ import annotations

from collections import deque
from pathlib import Path

__all__ = ["end_offset", "tail"]


def end_offset(path: Path) -> int:
    """The current size of ``path`` (0 when it does not exist yet)."""
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def tail(path: Path, *, lines: int = 15, since: int = 0) -> list[str]:
    """The last ``lines`` lines of ``path`` written after byte ``since``."""
    try:
        with open(path, "rb") as log:
            if since <= end_offset(path):
                log.seek(since)
            last = deque(log, maxlen=lines)
    except FileNotFoundError:
        return []
    return [line.decode("utf-8", "replace").rstrip("\r\n") for line in last]
