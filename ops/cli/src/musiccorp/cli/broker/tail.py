"""``musiccorp events tail``: follow new events live, one ordered ephemeral consumer per stream.

Streams of the key-value and object stores (``KV_*``, ``OBJ_*``) are internals and
never followed; ``DLQ`` only when the subject asks for ``dlq.…``.

A work-queue stream (the warehouse's pick jobs) hands each message to exactly one
consumer and refuses any consumer without acks, so it is never followed through
JetStream: tail listens to its subjects on plain NATS instead, which sees every
message published there and takes nothing away from the workers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.js.api import DeliverPolicy, RetentionPolicy, StreamInfo

from musiccorp.cli.broker.deadletters import DLQ_STREAM
from musiccorp.cli.broker.subjects import intersect
from musiccorp.cli.errors import CliError

__all__ = ["Target", "follow", "targets_for"]

_INTERNAL_PREFIXES = ("KV_", "OBJ_")


@dataclass(frozen=True, slots=True)
class Target:
    """One stream to follow, the filter that keeps what was asked for, and whether it is a work queue
    (watched on plain NATS, never consumed)."""

    stream: str
    filter: str
    work_queue: bool = False

    def __str__(self) -> str:
        return f"{self.stream} ({self.filter}{', work queue: watched, not consumed' if self.work_queue else ''})"


def targets_for(streams: list[StreamInfo], subject: str) -> list[Target]:
    """The event streams ``subject`` reaches, each with its filter; :class:`CliError` when none does."""
    wants_dlq = subject.split(".", 1)[0] == "dlq"
    targets = []
    for info in sorted(streams, key=lambda info: info.config.name):
        name = info.config.name
        if name.startswith(_INTERNAL_PREFIXES) or (name == DLQ_STREAM and not wants_dlq):
            continue
        work_queue = info.config.retention == RetentionPolicy.WORK_QUEUE
        for stream_subject in info.config.subjects or ():
            if (common := intersect(subject, stream_subject)) is not None:
                targets.append(Target(name, common, work_queue))
    if not targets:
        known = ", ".join(f"{t.config.name} ({' '.join(t.config.subjects or [])})" for t in streams) or "none yet"
        raise CliError(f"no event stream carries {subject!r}; streams: {known}")
    return targets


async def follow(client: Client, *, subject: str, count: int | None, emit: Callable[[Msg], None],
                 announce: Callable[[list[Target]], None]) -> int:
    """Print every new event on ``subject`` through ``emit`` until ``count`` (or forever); how many."""
    js = client.jetstream()
    targets = targets_for(await js.streams_info(), subject)
    arrived: asyncio.Queue[Msg] = asyncio.Queue()

    async def enqueue(msg: Msg) -> None:
        arrived.put_nowait(msg)

    for target in targets:
        if target.work_queue:
            await client.subscribe(target.filter, cb=enqueue)
        else:
            await js.subscribe(target.filter, stream=target.stream, cb=enqueue, ordered_consumer=True,
                               deliver_policy=DeliverPolicy.NEW)
    await client.flush()  # every subscription is in place at the server before we say we follow
    announce(targets)
    seen = 0
    while count is None or seen < count:
        emit(await arrived.get())
        seen += 1
    return seen
