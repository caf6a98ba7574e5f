"""Declaring a service's events from its models: what it publishes, and what it consumes in its own reading.

A service keeps only its list of events; the glue is here, the same everywhere.

Published: each model names its ``type`` in a class variable and says what
happened in its docstring; the JSON Schema of its ``data`` is the one committed
under ``contracts/events/<context>/`` (:func:`event_schema`)::

    PUBLISHES = published_events([CustomerRegisteredV1, AddressChangedV1])

Consumed: a :class:`Consumed` pairs an event type with the consumer's own model
of it (a tolerant reader: only the fields it uses, anything else ignored) and
what the consumer does about it. Its :attr:`Consumed.spec` goes to the AsyncAPI
document, and :meth:`Consumed.read` reads a delivered envelope::

    CUSTOMER_REGISTERED = Consumed("customers.customer.registered.v1", CustomerRegistered,
                                   "A customer registered: open their points account.")
    event = CUSTOMER_REGISTERED.read(envelope)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from musiccorp.chassis.events._asyncapi import EventSpec
from musiccorp.chassis.events._envelope import Envelope

__all__ = ["JSON_SCHEMA_DIALECT", "Consumed", "event_schema", "published_events"]

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

M = TypeVar("M", bound=BaseModel)


def event_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema of a message's ``data``, as committed under ``contracts/events/<context>/``."""
    return {"$schema": JSON_SCHEMA_DIALECT, **model.model_json_schema()}


def published_events(models: Iterable[type[BaseModel]]) -> tuple[EventSpec, ...]:
    """One :class:`EventSpec` per model: its ``type`` class variable, its schema, its docstring as the summary."""
    return tuple(EventSpec(type=model.type, schema=event_schema(model), summary=model.__doc__.strip())
                 for model in models)


@dataclass(frozen=True, slots=True)
class Consumed(Generic[M]):
    """An event type a service consumes, read into ``reading`` (its own model of the event's ``data``)."""

    type: str
    reading: type[M]
    summary: str = ""

    @property
    def spec(self) -> EventSpec:
        """The event as the AsyncAPI document lists it under what the service receives."""
        return EventSpec(self.type, self.reading.model_json_schema(), self.summary)

    def read(self, envelope: Envelope) -> M:
        """The envelope's ``data`` as this service reads it; a ``ValidationError`` when it is not that event."""
        return self.reading.model_validate(envelope.data)
