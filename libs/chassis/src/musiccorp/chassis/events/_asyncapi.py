"""The AsyncAPI 3.0.0 document of a service: what it publishes and what it consumes.

One channel per subject, one message per event type whose payload is the
CloudEvents envelope with the event's JSON Schema as ``data``; a ``send``
operation per published event, a ``receive`` operation per consumed one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from musiccorp.chassis.events._envelope import CONTENT_TYPE

__all__ = ["EventSpec", "asyncapi_document"]


@dataclass(frozen=True, slots=True)
class EventSpec:
    """An event type and the JSON Schema of its ``data``, for the AsyncAPI document."""

    type: str
    schema: Mapping[str, Any]
    summary: str = ""


def _key(event_type: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.\-]", "_", event_type)


def _envelope_schema(spec: EventSpec) -> dict[str, Any]:
    text = {"type": "string"}
    return {
        "type": "object",
        "required": ["specversion", "id", "source", "type", "subject", "time", "data"],
        "properties": {
            "specversion": {"const": "1.0"},
            "id": text,
            "source": text,
            "type": {"const": spec.type},
            "subject": {**text, "description": "The id of the aggregate the event is about."},
            "time": {"type": "string", "format": "date-time"},
            "datacontenttype": {"const": "application/json"},
            "dataschema": {"type": "string", "format": "uri"},
            "correlationid": text,
            "traceparent": text,
            "data": dict(spec.schema),
        },
    }


_HEADERS = {
    "type": "object",
    "properties": {
        "Nats-Msg-Id": {"type": "string", "description": "The event id; JetStream drops a re-sent copy."},
        "X-Correlation-ID": {"type": "string"},
        "traceparent": {"type": "string"},
        "Content-Type": {"const": CONTENT_TYPE},
    },
}


def asyncapi_document(service: str, version: str, description: str, publishes: Sequence[EventSpec],
                      consumes: Sequence[EventSpec]) -> dict[str, Any]:
    """Describe ``service``'s events as an AsyncAPI 3.0.0 document (a plain dict, ready for JSON)."""
    channels: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    for action, specs in (("send", publishes), ("receive", consumes)):
        for spec in specs:
            key = _key(spec.type)
            messages[key] = {
                "name": spec.type,
                "title": spec.type,
                "summary": spec.summary or spec.type,
                "contentType": CONTENT_TYPE,
                "headers": _HEADERS,
                "payload": _envelope_schema(spec),
            }
            channels[key] = {"address": spec.type,
                             "messages": {key: {"$ref": f"#/components/messages/{key}"}}}
            operations[f"{action}_{key}"] = {
                "action": action,
                "channel": {"$ref": f"#/channels/{key}"},
                "messages": [{"$ref": f"#/channels/{key}/messages/{key}"}],
                "summary": spec.summary or spec.type,
            }
    return {
        "asyncapi": "3.0.0",
        "info": {"title": f"MusicCorp {service}", "version": version, "description": description},
        "defaultContentType": CONTENT_TYPE,
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages},
    }
