"""Open the registry's JetStream key-value bucket, creating it on first use."""

from __future__ import annotations

from nats.js import JetStreamContext
from nats.js.errors import BadRequestError, BucketNotFoundError
from nats.js.kv import KeyValue

__all__ = ["open_bucket"]


async def open_bucket(js: JetStreamContext, *, bucket: str, ttl: float) -> KeyValue:
    """The bucket whose ``max_age`` is ``ttl``: entries of instances that stop announcing expire."""
    try:
        return await js.key_value(bucket)
    except BucketNotFoundError:
        pass
    try:
        return await js.create_key_value(bucket=bucket, ttl=ttl, history=1)
    except BadRequestError:
        # Another process created it first (perhaps with another ttl); use theirs.
        return await js.key_value(bucket)
