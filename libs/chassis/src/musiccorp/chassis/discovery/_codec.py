"""How an instance is written into the registry's key-value bucket."""

from __future__ import annotations

import re

import orjson

from musiccorp.chassis.discovery._instance import Instance

__all__ = ["decode", "encode", "key_of"]

_SERVICE = re.compile(r"[A-Za-z0-9_-]+")
_INSTANCE_ID = re.compile(r"[A-Za-z0-9_=/-][A-Za-z0-9_=/.-]*")


def key_of(instance: Instance) -> str:
    """``<service>.<instance_id>``; the service name holds no dot, so the first dot splits."""
    if not _SERVICE.fullmatch(instance.service):
        raise ValueError(f"service name {instance.service!r} must match {_SERVICE.pattern}")
    if not _INSTANCE_ID.fullmatch(instance.instance_id) or instance.instance_id.endswith("."):
        raise ValueError(f"instance id {instance.instance_id!r} is not a valid registry key part")
    return f"{instance.service}.{instance.instance_id}"


def encode(instance: Instance, announced_at: float) -> bytes:
    return orjson.dumps({"url": instance.url, "version": instance.version, "ts": announced_at})


def decode(key: str, value: bytes) -> tuple[Instance, float] | None:
    """The instance and its announcement time, or ``None`` for an entry we cannot read."""
    service, _, instance_id = key.partition(".")
    try:
        fields = orjson.loads(value)
        instance = Instance(service=service, instance_id=instance_id, url=fields["url"],
                            version=fields.get("version", ""))
        return instance, float(fields["ts"])
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        return None
