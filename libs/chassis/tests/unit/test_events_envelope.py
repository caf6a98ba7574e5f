"""The envelope on the wire, its headers, and the naming rules of ADR 0005."""

from datetime import UTC, datetime

import orjson
import pytest

import musiccorp.chassis.events as events
from musiccorp.chassis.events import Envelope, Event, MalformedEnvelope
from musiccorp.chassis.events._envelope import wire_headers
from musiccorp.chassis.events._naming import consumer_name, dead_letter_subject, stream_name

REGISTERED = Event(type="customers.customer.registered.v1", subject="42",
                   data={"customer_id": "42", "href": "http://customers/v1/customers/42"},
                   id="e-1", time=datetime(2026, 11, 25, 12, 0, tzinfo=UTC))


def test_envelope_round_trips_through_bytes():
    """to_bytes then from_bytes gives back an equal envelope."""
    envelope = Envelope.of(REGISTERED, source="/musiccorp/customers", correlation_id="c-1", traceparent="00-ab-cd-01")
    assert Envelope.from_bytes(envelope.to_bytes()) == envelope


def test_envelope_is_a_cloudevent_in_structured_mode():
    """The body carries the CloudEvents attributes of the ADR, with type as the subject and subject as aggregate."""
    body = orjson.loads(Envelope.of(REGISTERED, source="/musiccorp/customers", correlation_id="c-1").to_bytes())
    assert body == {
        "specversion": "1.0", "id": "e-1", "source": "/musiccorp/customers",
        "type": "customers.customer.registered.v1", "subject": "42", "time": "2026-11-25T12:00:00Z",
        "datacontenttype": "application/json",
        "dataschema": "https://musiccorp.example/contracts/events/customers/customer.registered.v1.json",
        "correlationid": "c-1", "data": REGISTERED.data,
    }


def test_reader_ignores_unknown_fields_and_tolerates_missing_optional_ones():
    """A newer producer's extra attributes do not break an older reader."""
    body = orjson.dumps({"id": "e-2", "type": "customers.customer.registered.v1", "subject": "7",
                         "time": "2026-11-25T12:00:00Z", "data": {"customer_id": "7"},
                         "partitionkey": "7", "newattribute": {"nested": True}})
    envelope = Envelope.from_bytes(body)
    assert (envelope.id, envelope.subject, envelope.data) == ("e-2", "7", {"customer_id": "7"})
    assert envelope.correlation_id is None and envelope.source == ""


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b'{"type": "a.b.c.v1"}', b'{"id": 3, "type": "a.b"}'])
def test_reader_refuses_what_is_not_an_envelope(body):
    """Non-JSON, non-objects, or a missing id or type raise MalformedEnvelope."""
    with pytest.raises(MalformedEnvelope):
        Envelope.from_bytes(body)


def test_wire_headers_carry_message_id_correlation_and_trace():
    """Nats-Msg-Id is the event id; correlation and trace headers travel when known."""
    assert wire_headers("e-1", correlation_id="c-1", traceparent="00-ab-cd-01") == {
        "Nats-Msg-Id": "e-1", "Content-Type": "application/cloudevents+json",
        "X-Correlation-ID": "c-1", "traceparent": "00-ab-cd-01"}
    assert "X-Correlation-ID" not in wire_headers("e-1", correlation_id=None, traceparent=None)


def test_names_follow_the_adr():
    """Stream, durable consumer and dead-letter subject are derived from the event type."""
    assert stream_name("customers.customer.registered.v1") == "CUSTOMERS"
    assert consumer_name("loyalty", "customers.customer.registered.v1") == "loyalty__customers_customer_registered_v1"
    assert dead_letter_subject("loyalty", "customers.customer.registered.v1") == \
        "dlq.loyalty.customers.customer.registered.v1"


@pytest.mark.parametrize("event_type", ["customers", "customers.*", "", "a b.c"])
def test_malformed_event_types_are_refused(event_type):
    """A type that is not <context>.<...> cannot name a stream."""
    with pytest.raises(ValueError):
        stream_name(event_type)


def test_events_are_frozen_with_fresh_ids():
    """Each Event gets its own uuid and a UTC time; it cannot be changed after creation."""
    one, two = (Event(type="a.b.c.v1", subject="1", data={}) for _ in range(2))
    assert one.id != two.id and one.time.tzinfo is not None
    with pytest.raises(AttributeError):
        one.subject = "2"  # type: ignore[misc]


def test_every_public_event_name_resolves():
    """Each name in musiccorp.chassis.events.__all__ is importable."""
    for name in events.__all__:
        assert getattr(events, name) is not None

