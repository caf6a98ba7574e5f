"""The CLI's last line of defence: an unexpected error becomes one readable line, its traceback a log record.

The record is a JSON line in ``<home>/logs/cli.log``, the same shape as the services' logs, so
``musiccorp logs cli`` shows it with its traceback.
"""

from __future__ import annotations

import json
import traceback
from datetime import UTC, datetime

from musiccorp.cli.environment import Environment

__all__ = ["describe", "log_crash"]

_LONGEST = 300


def describe(error: BaseException) -> str:
    """``error`` in one line: its type and message, cut to a readable length."""
    message = " ".join(str(error).split())
    text = f"{type(error).__name__}: {message}" if message else type(error).__name__
    return text if len(text) <= _LONGEST else text[: _LONGEST - 1] + "…"


def log_crash(error: BaseException, *, argv: list[str]) -> str:
    """Append ``error`` with its traceback to the CLI's log; a phrase saying where the detail is."""
    record = {
        "ts": datetime.now(UTC).isoformat(), "level": "error", "event": "command failed", "service": "cli",
        "command": " ".join(["musiccorp", *argv]),
        "exception": "".join(traceback.format_exception(error)),
    }
    try:
        home = Environment.from_environ().home
        home.logs_dir.mkdir(parents=True, exist_ok=True)
        with open(home.log_file("cli"), "a", encoding="utf-8") as log:
            log.write(json.dumps(record) + "\n")
    except Exception:  # noqa: BLE001 — nowhere to write: say so rather than fail while reporting a failure
        return "the details could not be logged"
    return "details in `musiccorp logs cli`"
