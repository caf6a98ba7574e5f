"""The supervisor lock: one live supervisor per home, released by the kernel if it dies."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from musiccorp.cli.errors import AlreadyRunning

__all__ = ["supervisor_lock"]


@contextlib.contextmanager
def supervisor_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (recording our pid in it) for the block's duration."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.read(descriptor, 32).decode(errors="replace").strip()
        os.close(descriptor)
        raise AlreadyRunning(pid=int(holder) if holder.isdigit() else None) from None
    try:
        os.ftruncate(descriptor, 0)
        os.write(descriptor, str(os.getpid()).encode())
        yield
    finally:
        os.close(descriptor)
