"""Crash points: a seam for the resilience tests, to kill this process -9 at a chosen moment of a saga.

Only active when ``MUSICCORP_ORDERS_CRASH_POINTS_DIR`` is set. The saga runner
calls the checkpoint before and after every remote call with
``"<action>.before"`` / ``"<action>.after"`` (``take_payment.after``: the payment
was taken but orders has not recorded it). When a file of that name is in the
folder, it is deleted — so the restarted process passes the point — and the
process sends itself ``SIGKILL``: no cleanup, no flushing, as a power cut would.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path


class CrashPoints:
    def __init__(self, folder: Path) -> None:
        self._folder = folder

    def __call__(self, point: str) -> None:
        armed = self._folder / point
        try:
            armed.unlink()
        except FileNotFoundError:
            return
        os.kill(os.getpid(), signal.SIGKILL)
