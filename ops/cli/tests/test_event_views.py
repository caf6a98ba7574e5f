"""Pure pieces of `musiccorp events`: subject matching, lines, dead letters and their replay headers."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from nats.js.api import RetentionPolicy

from musiccorp.cli.broker.deadletters import DeadLetter, replay_headers, select
from musiccorp.cli.broker.eventview import event_text
from musiccorp.cli.broker.subjects import intersect
from musiccorp.cli.broker.tail import Target, targets_for
from musiccorp.cli.errors import CliError


def stream(name: str, *subjects: str, retention: RetentionPolicy = RetentionPolicy.LIMITS) -> SimpleNamespace:
    return SimpleNamespace(config=SimpleNamespace(name=name, subjects=list(subjects), retention=retention))


def letter(seq: int, event_id: str, **headers: str) -> DeadLetter:
    body = json.dumps({"id": event_id, "correlationid": "cid-1", "traceparent": "00-aa-bb-01"}).encode()
    return DeadLetter(seq=seq, subject="dlq.loyalty.customers.customer.registered.v1", body=body,
                      headers={name.lower().replace("_", "-"): value for name, value in headers.items()})


@pytest.mark.parametrize(("first", "second", "common"), [
    (">", "customers.>", "customers.>"),
    ("customers.*.registered.v1", "customers.>", "customers.*.registered.v1"),
    ("*.customer.>", "customers.>", "customers.customer.>"),
    ("orders.>", "customers.>", None),
    ("customers", "customers.>", None),
    ("a.*", "*.b", "a.b"),
])
def test_intersect_gives_the_subjects_both_patterns_match(first, second, common):
    """Two patterns meet in the narrower one, token by token; '>' needs at least one token."""
    assert intersect(first, second) == common


def test_targets_skip_kv_object_store_and_dlq_unless_asked():
    """'>' follows every event stream but not KV_*, OBJ_* or DLQ; 'dlq.>' follows DLQ."""
    streams = [stream("KV_registry", "$KV.registry.>"), stream("DLQ", "dlq.>"), stream("ORDERS", "orders.>"),
               stream("CUSTOMERS", "customers.>"), stream("OBJ_files", "$O.files.>")]
    assert targets_for(streams, ">") == [Target("CUSTOMERS", "customers.>"), Target("ORDERS", "orders.>")]
    assert targets_for(streams, "dlq.>") == [Target("DLQ", "dlq.>")]


def test_a_work_queue_is_a_target_watched_not_consumed():
    """A work-queue stream is followed like any other, marked so that tail watches it on plain NATS."""
    streams = [stream("ORDERS", "orders.>"), stream("WAREHOUSE_PICKS", "work.warehouse.picks",
                                                     retention=RetentionPolicy.WORK_QUEUE)]
    assert targets_for(streams, ">") == [Target("ORDERS", "orders.>"),
                                         Target("WAREHOUSE_PICKS", "work.warehouse.picks", work_queue=True)]
    assert str(targets_for(streams, "work.>")[0]) == (
        "WAREHOUSE_PICKS (work.warehouse.picks, work queue: watched, not consumed)")


def test_no_matching_stream_is_one_line_naming_the_streams():
    """A subject no stream carries is a CliError listing the streams there are."""
    with pytest.raises(CliError, match=r"^no event stream carries 'x\.>'; streams: ORDERS \(orders\.>\)$"):
        targets_for([stream("ORDERS", "orders.>")], "x.>")


def test_event_line_shows_aggregate_short_id_cid_and_compact_data():
    """An envelope reads as time, subject, aggregate, id=…, cid=… and its data as compact JSON."""
    body = json.dumps({"id": "5f0c2b9e-8d1a", "subject": "c-42", "time": "2030-01-01T12:00:02.345+00:00",
                       "correlationid": "ab12cd34ef56", "data": {"customer_id": "c-42"}}).encode()
    text = event_text(subject="customers.customer.registered.v1", body=body, published_at=None).plain
    assert text.endswith('customers.customer.registered.v1  c-42  id=5f0c2b9e…  cid=ab12cd34…  {"customer_id":"c-42"}')
    assert text[2] == ":" and text[5:12] == ":02.345"


def test_event_line_shows_a_body_that_is_not_json_raw():
    """A body that is not a JSON object follows the subject as it is, at the broker's time."""
    text = event_text(subject="orders.x", body=b"<xml/>", published_at=0.0).plain
    assert text.endswith(" orders.x  <xml/>") and "?" not in text


def test_dead_letter_reads_its_headers_and_envelope():
    """A dead letter's JSON names its event, subjects, consumer, attempts, time and error."""
    dead = letter(7, "e-1", Musiccorp_Consumer="loyalty__x", Musiccorp_Attempts="5", Musiccorp_Error="boom",
                  Musiccorp_Failed_At="2030-01-01T00:00:00Z")
    assert dead.as_json() == {
        "seq": 7, "event_id": "e-1", "subject": "dlq.loyalty.customers.customer.registered.v1",
        "original_subject": "customers.customer.registered.v1", "consumer": "loyalty__x", "attempts": 5,
        "failed_at": "2030-01-01T00:00:00Z", "error": "boom",
    }


def test_select_prefers_the_sequence_then_the_event_id():
    """An ID that is a DLQ sequence picks that letter; otherwise every letter of that event."""
    letters = [letter(1, "e-1"), letter(2, "1"), letter(3, "e-1")]
    assert [dead.seq for dead in select(letters, "1")] == [1]
    assert [dead.seq for dead in select(letters, "e-1")] == [1, 3]
    assert select(letters, "nope") == []


def testreplay_headers_come_from_the_envelope():
    """A replay carries the new Nats-Msg-Id, the envelope's correlation id and traceparent, and the content type."""
    assert replay_headers(letter(3, "e-1"), "e-1:replay:3") == {
        "Nats-Msg-Id": "e-1:replay:3", "Content-Type": "application/cloudevents+json",
        "X-Correlation-ID": "cid-1", "traceparent": "00-aa-bb-01",
    }
