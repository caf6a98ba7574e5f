"""Dead letters: read one back and replay it to its original subject (ADR 0005)."""

from __future__ import annotations

from dataclasses import dataclass

from nats.js import JetStreamContext

from musiccorp.chassis.events._envelope import Envelope, MalformedEnvelope, wire_headers
from musiccorp.chassis.events._naming import DLQ_STREAM

__all__ = ["DeadLetter", "read_dead_letter", "replay_dead_letter"]


@dataclass(frozen=True, slots=True)
class DeadLetter:
    sequence: int
    subject: str
    original_subject: str
    consumer: str
    error: str
    attempts: int
    failed_at: str
    body: bytes


async def read_dead_letter(js: JetStreamContext, sequence: int) -> DeadLetter:
    """The dead letter stored at ``sequence`` in stream ``DLQ``."""
    raw = await js.get_msg(DLQ_STREAM, sequence)
    headers = raw.headers or {}
    return DeadLetter(sequence=sequence, subject=raw.subject or "", body=raw.data or b"",
                      original_subject=headers.get("Musiccorp-Original-Subject", ""),
                      consumer=headers.get("Musiccorp-Consumer", ""), error=headers.get("Musiccorp-Error", ""),
                      attempts=int(headers.get("Musiccorp-Attempts", "0")),
                      failed_at=headers.get("Musiccorp-Failed-At", ""))


async def replay_dead_letter(js: JetStreamContext, sequence: int) -> str:
    """Re-publish the dead letter's body to its original subject, then delete the dead letter.

    The copy gets a fresh ``Nats-Msg-Id``, ``<event id>:replay:<n>`` with ``n`` the
    dead letter's sequence, so JetStream does not drop it as a duplicate of the
    original; consumers that handled the event already skip it through their
    inbox. Returns the message id used.
    """
    letter = await read_dead_letter(js, sequence)
    if not letter.original_subject:
        raise ValueError(f"DLQ message {sequence} has no Musiccorp-Original-Subject header")
    try:
        envelope = Envelope.from_bytes(letter.body)
        event_id, correlation_id, traceparent = envelope.id, envelope.correlation_id, envelope.traceparent
    except MalformedEnvelope:
        event_id, correlation_id, traceparent = "malformed", None, None
    message_id = f"{event_id}:replay:{sequence}"
    await js.publish(letter.original_subject, letter.body,
                     headers=wire_headers(message_id, correlation_id=correlation_id, traceparent=traceparent))
    await js.delete_msg(DLQ_STREAM, sequence)
    return message_id
