"""``musiccorp logs``: merged by time, filtered by service and correlation id."""

from __future__ import annotations

import json
import signal
from pathlib import Path

from musiccorp.cli.views.logformat import render_line
from musiccorp.cli.views.logs import LogCursor, LogLine


def entry(ts: str, service: str, event: str, **fields: object) -> str:
    return json.dumps({"ts": f"2030-01-01T12:00:{ts}+00:00", "level": "info", "event": event,
                       "service": service, **fields})


def write_logs(home: Path) -> None:
    logs = home / "logs"
    logs.mkdir(parents=True)
    (logs / "alpha.log").write_text("\n".join([
        entry("01.000", "alpha", "started"),
        entry("03.000", "alpha", "request", method="GET", path="/v1/albums", status=200, duration_ms=3.14,
              correlation_id="journey-1"),
        entry("05.000", "alpha", "failed", correlation_id="journey-2"),
        "Traceback (most recent call last):",
        "ValueError: boom",
    ]) + "\n")
    (logs / "beta.log").write_text("\n".join([
        entry("02.000", "beta", "started"),
        entry("04.000", "beta", "request", method="POST", path="/v1/orders", status=201,
              correlation_id="journey-1"),
    ]) + "\n")


def test_logs_merge_every_service_in_time_order(make_system):
    """Without arguments, lines of all services interleave by their ts."""
    system = make_system("alpha", "beta")
    write_logs(system.home)
    shown = system.cli("logs").stdout.splitlines()
    assert [line.split()[1] for line in shown[:5]] == ["alpha", "beta", "alpha", "beta", "alpha"]
    assert "GET /v1/albums 200 3.1ms" in shown[2] and "cid=journey-…" in shown[2]


def test_logs_filter_by_correlation_id_across_services(make_system):
    """--correlation-id keeps exactly that journey's lines, from every service."""
    system = make_system("alpha", "beta")
    write_logs(system.home)
    result = system.cli("logs", "--correlation-id", "journey-1", "--json")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(record["service"], record["path"]) for record in records] == [
        ("alpha", "/v1/albums"), ("beta", "/v1/orders"),
    ]


def test_traceback_travels_with_the_line_before_it(make_system):
    """Non-JSON lines are shown as they are, kept with the JSON line they follow."""
    system = make_system("alpha", "beta")
    write_logs(system.home)
    shown = system.cli("logs", "--correlation-id", "journey-2").stdout.splitlines()
    assert len(shown) == 3 and shown[1].endswith("Traceback (most recent call last):")
    assert shown[2].endswith("ValueError: boom")


def test_logs_of_one_service(make_system):
    """Naming a service shows only its log."""
    system = make_system("alpha", "beta")
    write_logs(system.home)
    shown = system.cli("logs", "beta", "--json").stdout.splitlines()
    assert {json.loads(line)["service"] for line in shown} == {"beta"} and len(shown) == 2


def test_unknown_service_is_one_line_and_exit_2(make_system):
    """An unknown service name is refused readably with exit code 2."""
    result = make_system("alpha").cli("logs", "nosuch")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "musiccorp: unknown service 'nosuch'; known services: alpha, nats, supervisor, cli"
    ]


def test_cursor_reads_only_new_complete_lines(tmp_path: Path):
    """Following resumes where the last read stopped and waits for a torn line to finish."""
    log = tmp_path / "alpha.log"
    log.write_text(entry("01.000", "alpha", "one") + "\n" + '{"ts": "2030-')
    cursor = LogCursor(source="alpha", path=log)
    assert [line.record["event"] for line in cursor.read(complete_only=True)] == ["one"]
    with open(log, "a") as more:
        more.write('01-01T12:00:02+00:00", "level": "info", "event": "two", "service": "alpha"}\n')
    assert [line.record["event"] for line in cursor.read(complete_only=True)] == ["two"]


def test_readable_line_shows_time_service_level_request_and_cid():
    """A request line reads like 12:01:02.345 catalog  info   GET /v1/albums 200 3.1ms  cid=ab12…."""
    record = json.loads(entry("02.345", "catalog", "request", method="GET", path="/v1/albums", status=200,
                              duration_ms=3.1, correlation_id="ab12cd34ef56"))
    text = render_line(LogLine("catalog", "", record, 0.0), name_width=7).plain
    assert text.endswith("catalog  info   GET /v1/albums 200 3.1ms  cid=ab12cd34…")
    assert text[2:9] == ":00:02."


def test_follow_prints_new_lines_until_interrupted(make_system):
    """--follow keeps printing lines appended to any service's log, and Ctrl-C ends it cleanly."""
    system = make_system("alpha", "beta")
    write_logs(system.home)
    follower = system.popen("logs", "--follow", "--json")
    try:
        assert json.loads(follower.stdout.readline())["event"] == "started"
        with open(system.home / "logs" / "beta.log", "a") as log:
            log.write(entry("09.000", "beta", "late arrival") + "\n")
        events = [json.loads(follower.stdout.readline())["event"] for _ in range(5)]
        assert events[-1] == "late arrival"
    finally:
        follower.send_signal(signal.SIGINT)
    assert follower.wait(timeout=10) == 0 and follower.stderr.read() == ""
