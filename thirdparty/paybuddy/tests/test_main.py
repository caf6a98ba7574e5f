"""``python -m paybuddy``: one process, host and port from flags or PAYBUDDY_HOST/PAYBUDDY_PORT, JSON logs."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _ping(url: str) -> dict | None:
    try:
        with urllib.request.urlopen(f"{url}/ping", timeout=1) as response:
            return json.loads(response.read())
    except OSError:
        return None


def test_the_sandbox_runs_as_a_process_on_the_port_from_its_environment(tmp_path):
    """PAYBUDDY_PORT chooses the port; /ping answers ok with the version; SIGTERM stops it cleanly."""
    port = _free_port()
    env = {**os.environ, "PAYBUDDY_HOST": "127.0.0.1", "PAYBUDDY_PORT": str(port)}
    log = (tmp_path / "paybuddy.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "paybuddy"], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while (answer := _ping(f"http://127.0.0.1:{port}")) is None:
            assert process.poll() is None, (tmp_path / "paybuddy.log").read_text()
            assert time.monotonic() < deadline, "the sandbox never answered /ping"
            time.sleep(0.05)
        assert answer["status"] == "ok" and answer["version"]
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=15)
    assert code == 0
    lines = [json.loads(line) for line in (tmp_path / "paybuddy.log").read_text().splitlines()]
    assert {"event": "request", "path": "/ping", "status": 200, "service": "paybuddy"}.items() <= lines[-1].items()


def test_a_bad_port_is_one_readable_line():
    """PAYBUDDY_PORT=nine: exit 1 naming the variable, no traceback."""
    done = subprocess.run([sys.executable, "-m", "paybuddy"], env={**os.environ, "PAYBUDDY_PORT": "nine"},
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 1
    assert done.stderr.strip() == "paybuddy: PAYBUDDY_PORT must be a port number, got 'nine'"
