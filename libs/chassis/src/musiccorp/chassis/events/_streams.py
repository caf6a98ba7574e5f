"""Streams, ensured by producers and consumers alike with the same configuration (ADR 0005)."""

from __future__ import annotations

import logging

from nats.js import JetStreamContext
from nats.js.api import DiscardPolicy, RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import BadRequestError

from musiccorp.chassis.events._naming import (
    DLQ_STREAM,
    WORK_PREFIX,
    stream_name,
    stream_subjects,
    work_queue_stream_name,
)

__all__ = ["DUPLICATE_WINDOW", "dead_letter_stream_config", "ensure_stream", "stream_config", "stream_config_for",
           "work_queue_stream_config"]

log = logging.getLogger(__name__)

DUPLICATE_WINDOW = 120.0  # seconds during which JetStream drops a re-sent Nats-Msg-Id
_NAME_IN_USE = 10058  # "stream name already in use with a different configuration"


def _config(name: str, subjects: list[str]) -> StreamConfig:
    return StreamConfig(name=name, subjects=subjects, storage=StorageType.FILE, retention=RetentionPolicy.LIMITS,
                        discard=DiscardPolicy.OLD, duplicate_window=DUPLICATE_WINDOW)


def stream_config(event_type: str) -> StreamConfig:
    """The stream of the context producing ``event_type``: ``CUSTOMERS`` on ``customers.>``."""
    return _config(stream_name(event_type), stream_subjects(event_type))


def dead_letter_stream_config() -> StreamConfig:
    return _config(DLQ_STREAM, ["dlq.>"])


def work_queue_stream_config(subject: str) -> StreamConfig:
    """The work-queue stream taking ``subject``: a job is kept until one worker acknowledges it.

    >>> work_queue_stream_config("work.warehouse.picks").name
    'WAREHOUSE_PICKS'
    """
    return StreamConfig(name=work_queue_stream_name(subject), subjects=[subject], storage=StorageType.FILE,
                        retention=RetentionPolicy.WORK_QUEUE, discard=DiscardPolicy.OLD,
                        duplicate_window=DUPLICATE_WINDOW)


def stream_config_for(subject: str) -> StreamConfig:
    """The stream that takes ``subject``: dead letters, a work queue's jobs, or a context's events."""
    if subject.startswith("dlq."):
        return dead_letter_stream_config()
    if subject.startswith(WORK_PREFIX):
        return work_queue_stream_config(subject)
    return stream_config(subject)


async def ensure_stream(js: JetStreamContext, config: StreamConfig) -> None:
    """Create the stream, or bring an existing one to ``config``; start order does not matter."""
    try:
        await js.add_stream(config)
    except BadRequestError as exc:
        if exc.err_code != _NAME_IN_USE:
            raise
        log.info("stream %s exists with another configuration; updating it", config.name)
        await js.update_stream(config)
