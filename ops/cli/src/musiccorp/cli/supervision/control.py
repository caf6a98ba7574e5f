"""The control channel: JSON lines over a Unix socket between the CLI and the supervisor.

A request is one object (``{"command": "stop", "service": "catalog"}``), the
answer one object (``{"ok": true, "message": "..."}`` or ``{"ok": false,
"error": "..."}``), then the connection closes.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import socket
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from musiccorp.cli.environment import Home
from musiccorp.cli.errors import ControlError

__all__ = ["Handler", "request", "serve", "socket_path"]

Handler = Callable[[dict], Awaitable[dict]]
_MAX_SOCKET_PATH = 100


def socket_path(home: Home) -> Path:
    """``HOME/run/control.sock``, or a short path in the temp dir when that is too long for AF_UNIX."""
    preferred = home.control_socket
    if len(str(preferred).encode()) <= _MAX_SOCKET_PATH:
        return preferred
    digest = hashlib.sha256(str(home.path).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"musiccorp-{digest}.sock"


async def serve(*, path: Path, handler: Handler) -> asyncio.AbstractServer:
    """Answer requests on ``path`` with ``handler`` until the server is closed."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            line = await reader.readline()
            try:
                reply = await handler(json.loads(line))
            except ValueError:
                reply = {"ok": False, "error": "the request was not one JSON object"}
            writer.write(json.dumps(reply).encode() + b"\n")
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    _remove_stale_socket(path)
    return await asyncio.start_unix_server(answer, path=str(path))


def _remove_stale_socket(path: Path) -> None:
    path.unlink(missing_ok=True)


def request(*, path: Path, message: dict, timeout: float) -> dict:
    """Send ``message`` to the supervisor listening on ``path`` and return its answer."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as channel:
            channel.settimeout(timeout)
            channel.connect(str(path))
            channel.sendall(json.dumps(message).encode() + b"\n")
            answer = channel.makefile("rb").readline()
    except TimeoutError:
        raise ControlError(f"the supervisor did not answer within {timeout:g}s") from None
    except OSError as error:
        raise ControlError(f"cannot reach the supervisor at {path}: {error.strerror or error}") from None
    try:
        return json.loads(answer)
    except ValueError:
        raise ControlError("the supervisor closed the control channel without answering") from None
