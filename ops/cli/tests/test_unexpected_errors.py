"""No command ends in a traceback: an unexpected error is one line, a non-zero exit, and a log record."""

from __future__ import annotations

import json

import pytest

from musiccorp.cli.environment import Environment
from musiccorp.cli.main import app
from musiccorp.cli.supervision import lifecycle
from musiccorp.cli.views.logview import log_sources


def test_an_unexpected_error_is_one_line_and_its_traceback_goes_to_the_cli_log(tmp_path, monkeypatch, capsys):
    """Whatever breaks inside a command, the operator reads one line naming it and where the detail is; the
    traceback is a JSON record in ``logs/cli.log``, shown by ``musiccorp logs cli``."""
    monkeypatch.setenv("MUSICCORP_HOME", str(tmp_path))

    def broken(_home):
        raise KeyError("no broker section in the state file")

    monkeypatch.setattr(lifecycle, "bring_down", broken)

    with pytest.raises(SystemExit) as exited:
        app(["down"], prog_name="musiccorp")

    assert exited.value.code == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == ("musiccorp: unexpected error: KeyError: 'no broker section in the state file'; "
                   "details in `musiccorp logs cli`\n")
    [record] = [json.loads(line) for line in (tmp_path / "logs" / "cli.log").read_text().splitlines()]
    assert record["level"] == "error" and record["command"] == "musiccorp down"
    assert "Traceback (most recent call last)" in record["exception"]
    assert "in broken" in record["exception"]


def test_the_cli_log_is_always_a_log_source(tmp_path, monkeypatch):
    """`musiccorp logs cli` works before anything failed (an empty log), and `musiccorp logs` leaves it out."""
    monkeypatch.setenv("MUSICCORP_HOME", str(tmp_path))
    environment = Environment.from_environ()
    assert log_sources(environment=environment, service="cli") == {"cli": tmp_path / "logs" / "cli.log"}
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "cli.log").write_text("")
    assert "cli" not in log_sources(environment=environment, service=None)
