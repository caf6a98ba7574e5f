"""A real HTTP server for an ASGI app, in a thread: for provider verification and other tests
that need the app on a socket (a Pact verifier, a browser), not only in-process.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator

__all__ = ["serving"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serving(app, *, timeout: float = 15.0) -> Iterator[str]:
    """Serve ``app`` (lifespan included) on a free local port; yield its base URL; stop it on exit."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=_free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, name="test-server", daemon=True)
    thread.start()
    started = threading.Event()
    waited = 0.0
    while not server.started and thread.is_alive() and waited < timeout:
        started.wait(0.02)
        waited += 0.02
    if not server.started:
        server.should_exit = True
        raise RuntimeError("the app did not start serving")
    try:
        yield f"http://127.0.0.1:{server.config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=timeout)
