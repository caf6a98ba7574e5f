"""The message on the wire: a CloudEvents 1.0 envelope in structured JSON mode (ADR 0005).

An :class:`Event` is what a service records; the :class:`Envelope` is what
travels and what a consumer receives. Readers are tolerant: unknown fields are
ignored, so a producer may add attributes without breaking anyone.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson

from musiccorp.chassis.correlation import CORRELATION_HEADER

__all__ = ["CONTENT_TYPE", "Envelope", "Event", "MalformedEnvelope", "wire_headers"]

CONTENT_TYPE = "application/cloudevents+json"
SPECVERSION = "1.0"
SCHEMA_BASE = "https://musiccorp.example/contracts/events"


class MalformedEnvelope(ValueError):
    """A message body that is not a CloudEvents envelope this chassis can read."""


def _new_id() -> str:
    return str(uuid.uuid4())


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Event:
    """An integration event a service records in its outbox.

    ``type`` is the subject it travels on (``customers.customer.registered.v1``),
    ``subject`` the id of the aggregate it is about; ``data`` carries ids and the
    resource's URI, never a copy of the record.

    >>> Event(type="customers.customer.registered.v1", subject="42",
    ...       data={"customer_id": "42", "href": "http://customers/v1/customers/42"})  # doctest: +SKIP
    """

    type: str
    subject: str
    data: Mapping[str, Any]
    id: str = field(default_factory=_new_id)
    time: datetime = field(default_factory=_now)


def dataschema_for(event_type: str, source: str) -> str:
    """Where the event's committed JSON Schema lives: ``contracts/events/<service>/<aggregate>.<event>.v<N>.json``."""
    service = source.rstrip("/").rsplit("/", 1)[-1]
    _context, _, rest = event_type.partition(".")
    return f"{SCHEMA_BASE}/{service}/{rest}.json"


@dataclass(frozen=True, slots=True)
class Envelope:
    """A received event: the CloudEvents attributes a consumer needs, and ``data``."""

    id: str
    type: str
    source: str
    subject: str
    time: datetime
    data: dict[str, Any]
    correlation_id: str | None = None
    traceparent: str | None = None
    dataschema: str | None = None

    @classmethod
    def of(cls, event: Event, *, source: str, correlation_id: str | None = None,
           traceparent: str | None = None) -> Envelope:
        return cls(id=event.id, type=event.type, source=source, subject=event.subject,
                   time=event.time, data=dict(event.data), correlation_id=correlation_id,
                   traceparent=traceparent, dataschema=dataschema_for(event.type, source))

    @classmethod
    def from_bytes(cls, raw: bytes | str) -> Envelope:
        """Read an envelope, ignoring fields this reader does not know.

        Raises :class:`MalformedEnvelope` when the body is not JSON or lacks ``id`` or ``type``.
        """
        try:
            document = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise MalformedEnvelope(f"not JSON: {exc}") from None
        if not isinstance(document, dict):
            raise MalformedEnvelope("not a JSON object")
        if not isinstance(document.get("id"), str) or not isinstance(document.get("type"), str):
            raise MalformedEnvelope("lacks a string id or type")
        data = document.get("data")
        return cls(
            id=document["id"],
            type=document["type"],
            source=str(document.get("source", "")),
            subject=str(document.get("subject", "")),
            time=_parse_time(document.get("time")),
            data=data if isinstance(data, dict) else {},
            correlation_id=document.get("correlationid"),
            traceparent=document.get("traceparent"),
            dataschema=document.get("dataschema"),
        )

    def to_dict(self) -> dict[str, Any]:
        document = {
            "specversion": SPECVERSION,
            "id": self.id,
            "source": self.source,
            "type": self.type,
            "subject": self.subject,
            "time": _format_time(self.time),
            "datacontenttype": "application/json",
            "dataschema": self.dataschema,
            "correlationid": self.correlation_id,
            "traceparent": self.traceparent,
            "data": self.data,
        }
        return {key: value for key, value in document.items() if value is not None}

    def to_bytes(self) -> bytes:
        return orjson.dumps(self.to_dict())


def wire_headers(event_id: str, *, correlation_id: str | None, traceparent: str | None) -> dict[str, str]:
    """The NATS headers of an event message; ``Nats-Msg-Id`` lets JetStream drop a re-sent copy."""
    headers = {"Nats-Msg-Id": event_id, "Content-Type": CONTENT_TYPE}
    if correlation_id:
        headers[CORRELATION_HEADER] = correlation_id
    if traceparent:
        headers["traceparent"] = traceparent
    return headers


def _format_time(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _parse_time(value: object) -> datetime:
    if not isinstance(value, str):
        return datetime.fromtimestamp(0, UTC)
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return datetime.fromtimestamp(0, UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
