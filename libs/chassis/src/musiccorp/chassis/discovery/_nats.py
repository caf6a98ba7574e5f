"""Discovery on a NATS JetStream key-value bucket, with heartbeats and a watcher."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from nats.aio.client import Client as NATS
from nats.errors import NoRespondersError
from nats.js.kv import KeyValue

from musiccorp.chassis.discovery._bucket import open_bucket
from musiccorp.chassis.discovery._codec import encode, key_of
from musiccorp.chassis.discovery._connection import ConnectionEvents, connect
from musiccorp.chassis.discovery._instance import Instance, ServiceNotFound
from musiccorp.chassis.discovery._table import LiveTable
from musiccorp.chassis.discovery._watch import BucketWatcher

__all__ = ["NatsKvRegistry"]

log = logging.getLogger(__name__)


class NatsKvRegistry:
    """Instances announce themselves in a KV bucket; every process watches it.

    Keys are ``<service>.<instance_id>``, values ``{"url", "version", "ts"}``.
    Each registered instance is re-put every ``heartbeat`` seconds. An instance
    that stops (killed, partitioned) is forgotten within ``ttl``: the bucket's
    max age expires its entry, and ``resolve`` ignores announcements older than
    ``ttl`` meanwhile. ``resolve`` reads the watcher's in-memory view only.

    >>> registry = await NatsKvRegistry.connect("nats://127.0.0.1:4222")  # doctest: +SKIP
    >>> await registry.register(Instance(service="catalog", instance_id="c1", url=url))  # doctest: +SKIP
    >>> await registry.resolve("catalog")  # doctest: +SKIP
    (Instance(service='catalog', instance_id='c1', ...),)
    """

    def __init__(self, nc: NATS, *, bucket: str, ttl: float, heartbeat: float,
                 events: ConnectionEvents | None = None) -> None:
        if not 0 < heartbeat < ttl:
            raise ValueError(f"heartbeat ({heartbeat} s) must be positive and shorter than ttl ({ttl} s)")
        self._nc, self._bucket, self._ttl, self._heartbeat = nc, bucket, ttl, heartbeat
        self._events = events  # set when the connection is ours to close
        self._table = LiveTable(ttl=ttl)
        self._watcher = BucketWatcher(self._table, lambda: self._kv, retry_after=heartbeat)
        self._registered: dict[str, Instance] = {}
        self._kv: KeyValue | None = None
        self._tasks: list[asyncio.Task[None]] = []

    @classmethod
    async def connect(cls, nats_url: str, *, bucket: str = "musiccorp_services", ttl: float = 10.0,
                      heartbeat: float = 3.0) -> NatsKvRegistry:
        """Connect to NATS (reconnecting for ever) and start watching ``bucket``."""
        nc, events = await connect(nats_url)
        return await cls._start(nc, bucket=bucket, ttl=ttl, heartbeat=heartbeat, events=events)

    @classmethod
    async def from_connection(cls, nc: NATS, *, bucket: str = "musiccorp_services", ttl: float = 10.0,
                              heartbeat: float = 3.0) -> NatsKvRegistry:
        """Share an existing connection; ``close`` leaves it open."""
        return await cls._start(nc, bucket=bucket, ttl=ttl, heartbeat=heartbeat)

    @classmethod
    async def _start(cls, nc: NATS, **options) -> NatsKvRegistry:
        registry = cls(nc, **options)
        registry._kv = await open_bucket(nc.jetstream(), bucket=registry._bucket, ttl=registry._ttl)
        registry._tasks = [asyncio.create_task(registry._watcher.run(), name="discovery-watch"),
                           asyncio.create_task(registry._keep_alive(), name="discovery-heartbeat")]
        try:
            await asyncio.wait_for(registry._watcher.synced.wait(), timeout=max(5.0, registry._ttl))
        except TimeoutError:
            await registry.close()
            raise ConnectionError(f"discovery: could not read bucket {registry._bucket!r}") from None
        return registry

    async def register(self, instance: Instance) -> None:
        """Put ``instance`` in the bucket now and again every ``heartbeat`` seconds."""
        key = key_of(instance)
        announced_at = time.time()
        await self._kv.put(key, encode(instance, announced_at))
        self._registered[key] = instance
        self._table.put(instance, announced_at)

    async def deregister(self, instance: Instance) -> None:
        """Stop the heartbeats of ``instance`` and delete its key; watchers drop it at once."""
        key = key_of(instance)
        self._registered.pop(key, None)
        self._table.remove(instance.service, instance.instance_id)
        await self._kv.delete(key)

    async def resolve(self, service: str) -> tuple[Instance, ...]:
        """The live instances of ``service``, from memory; :class:`ServiceNotFound` when none."""
        instances = self._table.live(service)
        if not instances:
            raise ServiceNotFound(service)
        return instances

    async def ping(self) -> None:
        """Raise unless NATS answers a round trip (a readiness check)."""
        if not self._nc.is_connected:
            raise ConnectionError("discovery: not connected to NATS")
        await self._nc.flush(timeout=1)

    async def close(self) -> None:
        """Stop heartbeats and watching, withdraw our instances, close an owned connection."""
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for key in list(self._registered):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._kv.delete(key), timeout=1.0)
        self._registered.clear()
        if self._events is not None and not self._nc.is_closed:
            self._events.closing = True
            await self._nc.close()

    async def _keep_alive(self) -> None:
        reconnects = self._nc.stats["reconnects"]
        while not self._nc.is_closed:
            await asyncio.sleep(self._heartbeat)
            if self._nc.stats["reconnects"] != reconnects:
                reconnects = self._nc.stats["reconnects"]
                await self._watcher.restart()
            for key, instance in list(self._registered.items()):
                if key not in self._registered:  # deregistered during this beat: do not revive it
                    continue
                try:
                    await self._kv.put(key, encode(instance, time.time()))
                except NoRespondersError:
                    await self._recreate_bucket()
                except Exception as exc:  # noqa: BLE001 - the next beat tries again
                    if self._nc.is_closed:
                        return
                    log.warning("discovery heartbeat for %s failed: %r", key, exc)

    async def _recreate_bucket(self) -> None:
        """The server lost the bucket (restarted without its store): make it again."""
        log.warning("discovery bucket %s is gone; recreating it", self._bucket)
        try:
            self._kv = await open_bucket(self._nc.jetstream(), bucket=self._bucket, ttl=self._ttl)
        except Exception as exc:  # noqa: BLE001 - the next beat tries again
            log.warning("discovery could not recreate bucket %s: %r", self._bucket, exc)
            return
        await self._watcher.restart()

