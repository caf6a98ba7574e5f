"""`musiccorp events` against a running (fake) system: tail, dead letters and replay, per ADR 0005."""

from __future__ import annotations

import asyncio
import json
import queue
import signal
import threading
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import nats
import pytest
from nats.js import JetStreamContext
from nats.js.api import RetentionPolicy, StorageType
from nats.js.errors import NotFoundError

REGISTERED = "customers.customer.registered.v1"
CONSUMER = "loyalty__customers_customer_registered_v1"


def envelope(subject: str = REGISTERED, *, aggregate: str | None = None) -> dict:
    """A CloudEvents envelope as a producer's outbox relay publishes it."""
    aggregate = aggregate or f"c-{uuid.uuid4().hex[:6]}"
    return {
        "specversion": "1.0", "id": str(uuid.uuid4()), "source": "/musiccorp/customers", "type": subject,
        "subject": aggregate, "time": datetime.now(UTC).isoformat(), "datacontenttype": "application/json",
        "dataschema": "https://musiccorp.example/schemas/customers/customer.registered.v1.json",
        "correlationid": uuid.uuid4().hex, "traceparent": f"00-{uuid.uuid4().hex}-{uuid.uuid4().hex[:16]}-01",
        "data": {"customer_id": aggregate, "uri": f"http://customers/v1/customers/{aggregate}"},
    }


def on_broker(system, work: Callable[[JetStreamContext], Awaitable[object]]) -> object:
    """Run ``work(js)`` against the system's broker."""

    async def run() -> object:
        client = await nats.connect(system.nats_url, connect_timeout=5, allow_reconnect=False)
        try:
            return await work(client.jetstream())
        finally:
            await client.close()

    return asyncio.run(run())


async def ensure_stream(js: JetStreamContext, name: str, subjects: str) -> None:
    """The stream as ADR 0005 configures it: file storage, 2-minute duplicate window."""
    await js.add_stream(name=name, subjects=[subjects], storage=StorageType.FILE, duplicate_window=120)


def publish(system, subject: str, body: bytes, headers: dict | None = None) -> int:
    """Publish to JetStream, creating the producing context's stream if needed; the stored sequence."""
    context = subject.split(".")[0]

    async def work(js: JetStreamContext) -> int:
        await ensure_stream(js, context.upper(), f"{context}.>")
        return (await js.publish(subject, body, headers=headers)).seq

    return on_broker(system, work)


def publish_event(system, event: dict) -> int:
    headers = {"Nats-Msg-Id": event["id"], "X-Correlation-ID": event["correlationid"],
               "traceparent": event["traceparent"], "Content-Type": "application/cloudevents+json"}
    return publish(system, event["type"], json.dumps(event).encode(), headers)


def put_dead_letter(system, event: dict, *, error: str = "ValueError: no such customer", attempts: int = 5) -> int:
    """Dead-letter ``event`` as a consumer does after its last attempt; the DLQ sequence."""
    headers = {"Musiccorp-Original-Subject": event["type"], "Musiccorp-Consumer": CONSUMER,
               "Musiccorp-Error": error, "Musiccorp-Attempts": str(attempts),
               "Musiccorp-Failed-At": "2026-11-25T14:00:00+00:00", "Content-Type": "application/cloudevents+json"}
    return publish(system, f"dlq.loyalty.{event['type']}", json.dumps(event).encode(), headers)


def read_line(stream, *, timeout: float = 30.0) -> str:
    """The next line of a child's pipe, or fail the test at the deadline."""
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: lines.put(stream.readline()), daemon=True).start()
    try:
        return lines.get(timeout=timeout)
    except queue.Empty:
        pytest.fail(f"no line within {timeout}s")


@pytest.fixture
def empty_dlq(running):
    """A DLQ stream with nothing in it (recreated for each test)."""

    async def work(js: JetStreamContext) -> None:
        try:
            await js.delete_stream("DLQ")
        except NotFoundError:
            pass
        await ensure_stream(js, "DLQ", "dlq.>")
        await ensure_stream(js, "CUSTOMERS", "customers.>")

    on_broker(running, work)
    return running


def test_tail_prints_one_readable_line_per_new_event(running):
    """tail --count 1 follows every event stream and prints time, subject, aggregate, short id, cid and data."""
    publish(running, "customers.customer.seeded.v1", b"{}")
    event = envelope()
    tail = running.popen("events", "tail", "--count", "1")
    assert "CUSTOMERS (customers.>)" in read_line(tail.stderr)

    publish_event(running, event)

    out, err = tail.communicate(timeout=30)
    assert (tail.returncode, err) == (0, "")
    [line] = out.splitlines()
    assert line[2] == ":" and line[12:].startswith(f" {REGISTERED}  {event['subject']}  id={event['id'][:8]}…")
    assert f"cid={event['correlationid'][:8]}…" in line
    assert line.endswith(json.dumps(event["data"], separators=(",", ":")))


def test_tail_json_prints_the_raw_envelope(running):
    """With --json each event is its envelope on one line, exactly as published."""
    publish(running, "customers.customer.seeded.v1", b"{}")
    event = envelope()
    tail = running.popen("events", "tail", "customers.>", "--json", "--count", "1")
    read_line(tail.stderr)

    publish_event(running, event)

    out, _ = tail.communicate(timeout=30)
    assert tail.returncode == 0 and json.loads(out) == event


def test_tail_of_one_subject_skips_other_streams_and_shows_raw_bodies(running):
    """A SUBJECT with wildcards picks the matching stream only; a body that is not JSON is shown raw."""
    publish(running, "orders.order.seeded.v1", b"{}")
    tail = running.popen("events", "tail", "orders.*.placed.v1", "--count", "1")
    assert read_line(tail.stderr).startswith("following ORDERS (orders.*.placed.v1) from now on")

    publish_event(running, envelope())
    publish(running, "orders.order.placed.v1", b"not an envelope")

    out, _ = tail.communicate(timeout=30)
    assert tail.returncode == 0 and out.splitlines()[0].endswith(" orders.order.placed.v1  not an envelope")


def test_tail_runs_until_ctrl_c(running):
    """Without --count tail keeps following until SIGINT, then exits 0 without a traceback."""
    publish(running, "customers.customer.seeded.v1", b"{}")
    tail = running.popen("events", "tail")
    read_line(tail.stderr)
    publish_event(running, envelope())
    assert REGISTERED in read_line(tail.stdout)

    tail.send_signal(signal.SIGINT)

    assert tail.wait(timeout=15) == 0 and tail.stderr.read() == ""


def test_tail_watches_a_work_queue_without_taking_its_jobs(running):
    """A work-queue stream (the warehouse's picks) refuses consumers without acks: tail follows every stream
    anyway, shows each job as it is queued, and leaves it in the queue for the workers."""
    subject = "work.test.picks"

    async def add_work_queue(js: JetStreamContext) -> None:
        await js.add_stream(name="TEST_PICKS", subjects=[subject], retention=RetentionPolicy.WORK_QUEUE,
                            storage=StorageType.FILE)

    on_broker(running, add_work_queue)
    publish(running, "customers.customer.seeded.v1", b"{}")
    tail = running.popen("events", "tail", "--count", "1")
    following = read_line(tail.stderr)
    assert "TEST_PICKS (work.test.picks, work queue: watched, not consumed)" in following
    assert "CUSTOMERS (customers.>)" in following

    job = envelope(subject, aggregate="o-1")

    async def queue_job(js: JetStreamContext) -> int:
        return (await js.publish(subject, json.dumps(job).encode())).seq

    on_broker(running, queue_job)

    out, err = tail.communicate(timeout=30)
    assert (tail.returncode, err) == (0, "")
    [line] = out.splitlines()
    assert line[12:].startswith(f" {subject}  o-1  id={job['id'][:8]}…")

    async def queued(js: JetStreamContext) -> int:
        return (await js.stream_info("TEST_PICKS")).state.messages

    assert on_broker(running, queued) == 1  # still there for a picker to take


def test_tail_of_a_subject_no_stream_carries_is_one_line(running):
    """Following a subject no stream carries says so and lists the streams."""
    result = running.cli("events", "tail", "nosuch.>")
    assert result.returncode == 1 and len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("musiccorp: no event stream carries 'nosuch.>'; streams: ")


def test_dlq_lists_dead_letters_with_their_error(empty_dlq):
    """events dlq --json lists each dead letter with its event id, subjects, consumer, attempts and error."""
    event = envelope()
    seq = put_dead_letter(empty_dlq, event, error="KeyError: 'customer_id'", attempts=5)

    listed = empty_dlq.cli("events", "dlq", "--json")
    table = empty_dlq.cli("events", "dlq")

    assert listed.returncode == 0 and json.loads(listed.stdout) == [{
        "seq": seq, "event_id": event["id"], "subject": f"dlq.loyalty.{REGISTERED}", "original_subject": REGISTERED,
        "consumer": CONSUMER, "attempts": 5, "failed_at": "2026-11-25T14:00:00+00:00",
        "error": "KeyError: 'customer_id'",
    }]
    assert table.returncode == 0 and event["id"] in table.stdout and "KeyError: 'customer_id'" in table.stdout


def test_empty_dlq_says_so(empty_dlq):
    """No dead letters: an empty JSON list, or one plain line."""
    assert json.loads(empty_dlq.cli("events", "dlq", "--json").stdout) == []
    assert empty_dlq.cli("events", "dlq").stdout == "no dead letters\n"


def test_replay_republishes_to_the_original_subject_and_deletes_the_dead_letter(empty_dlq):
    """replay ID publishes the envelope to its original subject with a fresh Nats-Msg-Id and the
    envelope's correlation id and traceparent, then the dead letter is gone."""
    event = envelope()
    seq = put_dead_letter(empty_dlq, event)
    before = on_broker(empty_dlq, lambda js: js.stream_info("CUSTOMERS"))

    result = empty_dlq.cli("events", "replay", event["id"])

    assert (result.returncode, result.stdout) == (0, f"replayed {event['id']} (dead letter #{seq}, {CONSUMER}) "
                                                     f"to {REGISTERED} as {event['id']}:replay:{seq}\n")
    replayed = on_broker(empty_dlq, lambda js: js.get_msg("CUSTOMERS", before.state.last_seq + 1))
    assert replayed.subject == REGISTERED and json.loads(replayed.data) == event
    assert {name: replayed.headers[name] for name in ("Nats-Msg-Id", "X-Correlation-ID", "traceparent",
                                                       "Content-Type")} == {
        "Nats-Msg-Id": f"{event['id']}:replay:{seq}", "X-Correlation-ID": event["correlationid"],
        "traceparent": event["traceparent"], "Content-Type": "application/cloudevents+json"}
    assert on_broker(empty_dlq, lambda js: js.stream_info("DLQ")).state.messages == 0
    assert json.loads(empty_dlq.cli("events", "dlq", "--json").stdout) == []


def test_replay_by_sequence_then_all(empty_dlq):
    """replay N picks the dead letter with that DLQ sequence; --all re-drives the rest."""
    first, second, third = envelope(), envelope(), envelope()
    sequences = [put_dead_letter(empty_dlq, event) for event in (first, second, third)]

    by_seq = empty_dlq.cli("events", "replay", str(sequences[1]))
    remaining = [letter["event_id"] for letter in json.loads(empty_dlq.cli("events", "dlq", "--json").stdout)]
    everything = empty_dlq.cli("events", "replay", "--all")

    assert by_seq.returncode == 0 and by_seq.stdout.startswith(f"replayed {second['id']} ")
    assert remaining == [first["id"], third["id"]]
    assert everything.returncode == 0 and everything.stdout.splitlines()[-1] == "replayed 2 dead letters"
    assert json.loads(empty_dlq.cli("events", "dlq", "--json").stdout) == []


def test_replay_of_an_unknown_id_is_one_line_and_exit_1(empty_dlq):
    """An id that is no dead letter's is refused in one line; nothing is published or deleted."""
    put_dead_letter(empty_dlq, envelope())
    result = empty_dlq.cli("events", "replay", "no-such-event")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == ("musiccorp: no dead letter has the event id or sequence number 'no-such-event'; "
                             "`musiccorp events dlq` lists them\n")
    assert len(json.loads(empty_dlq.cli("events", "dlq", "--json").stdout)) == 1


def test_replay_needs_an_id_or_all(running):
    """replay with neither an ID nor --all (or with both) is a one-line usage error, exit 2."""
    for args in ((), ("some-id", "--all")):
        result = running.cli("events", "replay", *args)
        assert result.returncode == 2 and result.stderr.startswith("musiccorp: give a dead letter's event id")
