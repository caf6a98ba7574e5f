"""Operating a running (fake) system: refusing a second up, chaos, stop/start, logs of a journey."""

from __future__ import annotations

import json
import urllib.request
import uuid

import psutil


def test_up_while_running_is_refused_in_one_line(running):
    """A second up names the live supervisor and how to stop it."""
    result = running.cli("up", "--detach")
    pid = running.state()["supervisor_pid"]
    assert (result.returncode, result.stderr) == (
        1, f"musiccorp: MusicCorp is already running (supervisor pid {pid}); run `musiccorp down` first.\n"
    )


def test_status_json_shows_every_service_ready(running):
    """status --json gives name, url, state, version, pid and restarts of each service, and the broker."""
    status = running.status()
    alpha = next(entry for entry in status["services"] if entry["name"] == "alpha")
    assert set(alpha) == {"name", "url", "state", "version", "pid", "restarts"}
    assert alpha["url"] == f"http://127.0.0.1:{running.port('alpha')}"
    assert set(status["broker"]) == {"name", "url", "monitor_url", "state", "pid"}
    assert status["broker"]["url"] == f"nats://127.0.0.1:{8422 + running.offset}"


def test_status_json_shows_the_mail_sink(running):
    """status --json has "mail": its SMTP url, viewer url, live state and pid."""
    mail = running.status()["mail"]
    assert mail["smtp_url"] == f"smtp://127.0.0.1:{8025 + running.offset}" and mail["url"] == running.mail_url
    assert mail["state"] == "ready" and psutil.pid_exists(mail["pid"])


def test_a_service_with_mail_true_sends_into_the_sink(running):
    """alpha (mail = true) got the sink's SMTP host and port; what it sends shows up in the sink's API."""
    to = f"{uuid.uuid4().hex}@example.com"
    with urllib.request.urlopen(f"http://127.0.0.1:{running.port('alpha')}/v1/mail?to={to}", timeout=10) as sent:
        assert json.load(sent) == {"sent_to": to}
    with urllib.request.urlopen(f"{running.mail_url}/api/messages?to={to}", timeout=10) as response:
        [message] = json.load(response)
    assert (message["from"], message["subject"]) == ("alpha@musiccorp.example", "hello from alpha")


def test_status_table_lists_broker_and_services(running):
    """Plain status is a table with a row per child."""
    table = running.cli("status").stdout
    for name in ("nats", "mail", "alpha", "beta"):
        assert f" {name} " in table
    assert table.count(" ready ") >= 4
    assert f"{running.mail_url}, smtp://127.0.0.1:{8025 + running.offset}" in table


def test_killed_service_is_restarted_and_ready_again(running, wait_until):
    """kill SIGKILLs a service; the supervisor restarts it with backoff and counts the restart."""
    before = running.service_status("alpha")
    killed = running.cli("kill", "alpha")
    assert killed.returncode == 0 and f"pid {before['pid']}" in killed.stdout

    after = wait_until(lambda: (entry := running.service_status("alpha"))["state"] == "ready"
                       and entry["pid"] != before["pid"] and entry, interval=0.5)

    assert after["restarts"] == before["restarts"] + 1 and after["version"] == "9.9.9"
    assert not psutil.pid_exists(before["pid"])


def test_stopped_service_stays_stopped_until_started(running):
    """stop keeps a service down (no restart); start brings it back and waits until ready."""
    old_pid = running.service_status("beta")["pid"]
    stopped = running.cli("stop", "beta")
    assert (stopped.returncode, stopped.stdout) == (0, "beta: stopped\n")
    states = {entry["name"]: (entry["state"], entry["pid"]) for entry in running.status()["services"]}
    assert states["beta"] == ("stopped", None) and not psutil.pid_exists(old_pid)
    assert states["alpha"][0] == "ready"

    started = running.cli("start", "beta")

    assert started.returncode == 0 and started.stdout.startswith("beta: ready at http://")
    assert running.service_status("beta")["state"] == "ready"


def test_service_commands_refuse_unknown_names(running):
    """stop/start/kill of a name that is not a service is one line with exit 2."""
    result = running.cli("stop", "nosuch")
    assert result.returncode == 2
    assert result.stderr == "musiccorp: unknown service 'nosuch'; known services: alpha, beta\n"


def test_logs_follow_one_journey_across_services(running, wait_until):
    """Requests carrying one X-Correlation-ID can be found in every service's log by that id."""
    journey = uuid.uuid4().hex
    for name in ("alpha", "beta"):
        request = urllib.request.Request(f"http://127.0.0.1:{running.port(name)}/v1/things",
                                         headers={"X-Correlation-ID": journey})
        urllib.request.urlopen(request, timeout=5).read()

    def journey_lines() -> list[dict]:
        output = running.cli("logs", "--correlation-id", journey, "--json").stdout
        lines = [json.loads(line) for line in output.splitlines()]
        return lines if len(lines) == 2 else []

    assert [line["service"] for line in wait_until(journey_lines, timeout=10)] == ["alpha", "beta"]
    readable = running.cli("logs", "beta", "--correlation-id", journey).stdout.splitlines()
    assert len(readable) == 1 and "GET /v1/things 200" in readable[0]
