"""The publishing port: hand messages to the broker and learn which ones it stored.

:class:`JetStreamPublisher` is the real adapter; :class:`InMemoryPublisher`
the fake, which records what it accepted, drops a repeated ``Nats-Msg-Id`` as
JetStream does, and can be told to fail.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple, Protocol

from nats.js import JetStreamContext
from nats.js.errors import NoStreamResponseError

from musiccorp.chassis.events._envelope import Envelope
from musiccorp.chassis.events._streams import ensure_stream, stream_config_for

__all__ = ["InMemoryPublisher", "JetStreamPublisher", "OutgoingMessage", "Publisher"]


class OutgoingMessage(NamedTuple):
    subject: str
    body: bytes
    headers: Mapping[str, str]

    @property
    def envelope(self) -> Envelope:
        return Envelope.from_bytes(self.body)


class Publisher(Protocol):
    """Stores messages on the broker; a message counts as published only once acknowledged."""

    async def publish(self, subject: str, body: bytes, headers: Mapping[str, str]) -> None:
        """Return once the broker acknowledged (stored) the message; raise otherwise."""

    async def publish_all(self, messages: Sequence[OutgoingMessage]) -> list[BaseException | None]:
        """Publish ``messages`` concurrently; per message, ``None`` once acknowledged or the error."""
        return await asyncio.gather(*(self.publish(*message) for message in messages), return_exceptions=True)


class JetStreamPublisher(Publisher):
    """Publishes to JetStream and waits for its acks; recreates a stream the server lost.

    ``publish_all`` pipelines: every message goes out before the first ack is
    awaited, and all acks are awaited together, for at most ``timeout`` seconds.
    """

    def __init__(self, js: JetStreamContext, *, timeout: float = 5.0) -> None:
        self._js = js
        self._timeout = timeout

    async def publish(self, subject: str, body: bytes, headers: Mapping[str, str]) -> None:
        try:
            await self._js.publish(subject, body, timeout=self._timeout, headers=dict(headers))
        except NoStreamResponseError:
            await self._recreate_stream(subject)
            await self._js.publish(subject, body, timeout=self._timeout, headers=dict(headers))

    async def publish_all(self, messages: Sequence[OutgoingMessage]) -> list[BaseException | None]:
        acks: list[asyncio.Future | BaseException] = []
        try:
            for subject, body, headers in messages:
                try:
                    # No wait_stall: a batch stays far below the client's 4,000 pending acks, and a
                    # timeout there would cost a task per message.
                    acks.append(await self._js.publish_async(subject, body, headers=dict(headers)))
                except Exception as exc:  # noqa: BLE001 - reported per message, like a failed ack
                    acks.append(exc)
            pending = [ack for ack in acks if isinstance(ack, asyncio.Future)]
            if pending:
                await asyncio.wait(pending, timeout=self._timeout)
        finally:
            for ack in acks:  # unanswered (or abandoned on cancellation): stop waiting for them
                if isinstance(ack, asyncio.Future) and not ack.done():
                    ack.cancel()
        results = [_outcome(ack) for ack in acks]
        for subject in {m.subject for m, r in zip(messages, results, strict=True)
                        if isinstance(r, NoStreamResponseError)}:
            with contextlib.suppress(Exception):  # the messages failed anyway; the next attempt tries again
                await self._recreate_stream(subject)
        return results

    async def _recreate_stream(self, subject: str) -> None:
        # No stream takes the subject: a server restarted without its store, or nobody ensured it yet.
        await ensure_stream(self._js, stream_config_for(subject))


def _outcome(ack: asyncio.Future | BaseException) -> BaseException | None:
    if isinstance(ack, BaseException):
        return ack
    if ack.cancelled():
        return TimeoutError("no acknowledgement from JetStream in time")
    return ack.exception()


class InMemoryPublisher(Publisher):
    """The fake broker side of :class:`Publisher`.

    >>> publisher = InMemoryPublisher()
    >>> publisher.fail_when(lambda message: message.subject.startswith("customers."))
    >>> publisher.recover()
    """

    def __init__(self) -> None:
        self.messages: list[OutgoingMessage] = []
        self.attempts = 0
        self._seen_ids: set[str] = set()
        self._fails: Callable[[OutgoingMessage], bool] | None = None
        self._error: Exception = ConnectionError("broker unavailable")

    def fail_when(self, predicate: Callable[[OutgoingMessage], bool] = lambda _message: True, *,
                  error: Exception | None = None) -> None:
        """Refuse every message ``predicate`` selects (all of them by default) until :meth:`recover`."""
        self._fails = predicate
        self._error = error or ConnectionError("broker unavailable")

    def recover(self) -> None:
        self._fails = None

    async def publish(self, subject: str, body: bytes, headers: Mapping[str, str]) -> None:
        self.attempts += 1
        message = OutgoingMessage(subject, body, dict(headers))
        if self._fails is not None and self._fails(message):
            raise self._error
        message_id = headers.get("Nats-Msg-Id")
        if message_id is not None:
            if message_id in self._seen_ids:
                return
            self._seen_ids.add(message_id)
        self.messages.append(message)

    def envelopes(self, subject: str | None = None) -> list[Envelope]:
        """The envelopes accepted so far, on ``subject`` when given, in order."""
        return [m.envelope for m in self.messages if subject is None or m.subject == subject]
