"""Third parties (thirdparty/*/thirdparty.toml) run beside the services: started first, shown, operable, wired in."""

from __future__ import annotations

import json
import urllib.request

import psutil


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.load(response)


def _provider(system) -> dict:
    return next(entry for entry in system.status()["providers"] if entry["name"] == "sandbox")


def test_status_json_lists_the_third_party_as_such(with_third_party):
    """status --json has "providers": name, url (offset applied), state, version from its probe, owner."""
    entry = _provider(with_third_party)
    assert entry["url"] == f"http://127.0.0.1:{with_third_party.port('sandbox')}"
    assert (entry["state"], entry["version"], entry["owner"]) == ("ready", "1.0.0", "third party")
    assert psutil.pid_exists(entry["pid"])
    assert "sandbox" not in [service["name"] for service in with_third_party.status()["services"]]


def test_the_third_party_is_ready_before_any_service_starts(with_third_party):
    """The supervisor starts third parties with the broker and the mail sink, before the services."""
    state = with_third_party.state_when_up
    [provider] = state["providers"]
    assert provider["ready_at"] <= min(service["started_at"] for service in state["services"])
    assert _get(f"http://127.0.0.1:{with_third_party.port('sandbox')}/ping")["status"] == "ok"


def test_a_service_that_uses_a_third_party_is_given_its_url(with_third_party):
    """alpha (uses = ["sandbox"]) gets MUSICCORP_ALPHA_SANDBOX_URL; beta does not; each gets its PUBLIC_URL."""
    alpha, beta = (f"http://127.0.0.1:{with_third_party.port(name)}" for name in ("alpha", "beta"))
    sandbox = f"http://127.0.0.1:{with_third_party.port('sandbox')}"
    assert _get(f"{alpha}/env/MUSICCORP_ALPHA_SANDBOX_URL") == {"value": sandbox}
    assert _get(f"{beta}/env/MUSICCORP_BETA_SANDBOX_URL") == {"value": None}
    assert _get(f"{beta}/env/MUSICCORP_BETA_PUBLIC_URL") == {"value": beta}


def test_the_status_table_marks_the_third_party(with_third_party):
    """Plain status shows the third party's row with its owner."""
    table = with_third_party.cli("status").stdout
    assert "sandbox (third party)" in table


def test_a_third_party_is_stopped_started_and_killed_like_a_service(with_third_party, wait_until):
    """stop keeps it down, start brings it back, kill makes the supervisor restart it."""
    stopped = with_third_party.cli("stop", "sandbox")
    assert (stopped.returncode, stopped.stdout) == (0, "sandbox: stopped\n")
    assert _provider(with_third_party)["state"] == "stopped"
    started = with_third_party.cli("start", "sandbox")
    assert started.returncode == 0 and started.stdout.startswith("sandbox: ready at http://")

    before = _provider(with_third_party)
    killed = with_third_party.cli("kill", "sandbox")
    assert killed.returncode == 0 and f"pid {before['pid']}" in killed.stdout
    after = wait_until(lambda: (entry := _provider(with_third_party))["state"] == "ready"
                       and entry["pid"] != before["pid"] and entry, interval=0.5)
    assert after["restarts"] == before["restarts"] + 1


def test_the_third_partys_log_is_kept_under_home(with_third_party):
    """Its output goes to HOME/logs/sandbox.log and `musiccorp logs sandbox` shows it."""
    _get(f"http://127.0.0.1:{with_third_party.port('sandbox')}/ping")
    assert (with_third_party.home / "logs" / "sandbox.log").is_file()
    shown = with_third_party.cli("logs", "sandbox", "--json").stdout.splitlines()
    assert any(json.loads(line)["path"] == "/ping" for line in shown)
