"""Declaring events from models: the specs of what a service publishes, and its reading of what it consumes."""

from typing import ClassVar

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from musiccorp.chassis.events import (
    JSON_SCHEMA_DIALECT,
    Consumed,
    Envelope,
    Event,
    EventSpec,
    event_schema,
    published_events,
)


class NoteWrittenV1(BaseModel):
    """A note was written."""

    type: ClassVar[str] = "example.note.written.v1"
    note_id: str


class NoteRead(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    note_id: str


def test_a_published_event_is_its_type_schema_and_docstring():
    """The committed schema names its dialect; the summary is the model's docstring."""
    (spec,) = published_events([NoteWrittenV1])
    assert spec == EventSpec("example.note.written.v1", event_schema(NoteWrittenV1), "A note was written.")
    assert spec.schema["$schema"] == JSON_SCHEMA_DIALECT
    assert spec.schema["properties"] == NoteWrittenV1.model_json_schema()["properties"]


def test_a_consumed_event_is_read_its_own_way():
    """Unknown fields are the reading's business (ignored here); a missing one fails the delivery."""
    consumed = Consumed("example.note.written.v1", NoteRead, "A note was written: file it.")
    assert consumed.spec == EventSpec("example.note.written.v1", NoteRead.model_json_schema(),
                                      "A note was written: file it.")
    envelope = Envelope.of(Event(type=consumed.type, subject="n-1", data={"note_id": "n-1", "words": 3}),
                           source="/musiccorp/example")
    assert consumed.read(envelope) == NoteRead(note_id="n-1")
    with pytest.raises(ValidationError):
        consumed.read(Envelope.of(Event(type=consumed.type, subject="n-1", data={}), source="/musiccorp/example"))
