"""Commands that need a running system say so in one line when there is none."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def test_down_when_nothing_runs_is_one_line_and_exit_1(make_system):
    """`down` with nothing running prints "MusicCorp is not running." and exits 1."""
    result = make_system("alpha").cli("down")
    assert (result.returncode, result.stderr) == (1, "musiccorp: MusicCorp is not running.\n")


def test_status_when_nothing_runs(make_system):
    """`status` says it is not running; with --json it prints an empty, not-running document."""
    system = make_system("alpha")
    plain, as_json = system.cli("status"), system.cli("status", "--json")
    assert (plain.returncode, plain.stderr) == (1, "musiccorp: MusicCorp is not running.\n")
    assert as_json.returncode == 1
    assert json.loads(as_json.stdout) == {"services": [], "providers": [], "broker": None, "mail": None,
                                          "running": False}


@pytest.mark.parametrize("command", ["stop", "start", "kill"])
def test_service_commands_when_nothing_runs(make_system, command):
    """stop/start/kill with no supervisor is one line, no traceback."""
    result = make_system("alpha").cli(command, "alpha")
    assert (result.returncode, result.stderr) == (1, "musiccorp: MusicCorp is not running.\n")


@pytest.mark.parametrize("args", [("tail",), ("dlq", "--json"), ("replay", "--all")])
def test_events_commands_when_nothing_runs(make_system, args):
    """events tail/dlq/replay with no running system is one line and exit 1."""
    result = make_system("alpha").cli("events", *args)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", "musiccorp: MusicCorp is not running.\n")


def test_bad_port_offset_is_one_line(make_system):
    """A malformed MUSICCORP_PORT_OFFSET is a one-line error, not a traceback."""
    system = make_system("alpha")
    system.env["MUSICCORP_PORT_OFFSET"] = "lots"
    result = system.cli("up", "--detach")
    assert result.returncode == 1
    assert result.stderr == "musiccorp: MUSICCORP_PORT_OFFSET must be a whole number, got 'lots'\n"


def test_cli_imports_no_service_and_not_the_chassis():
    """The CLI is operations tooling: loading every module pulls in no service code and no chassis."""
    probe = (
        "import pkgutil, importlib, sys, musiccorp.cli as cli\n"
        "for module in pkgutil.walk_packages(cli.__path__, 'musiccorp.cli.'):\n"
        "    if not module.name.endswith('.__main__'): importlib.import_module(module.name)\n"
        "print(sorted(name for name in sys.modules if name.startswith('musiccorp.') "
        "and not name.startswith('musiccorp.cli')))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
