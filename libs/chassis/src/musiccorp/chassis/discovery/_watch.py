"""Mirror a registry bucket into a :class:`LiveTable`, through outages and reconnects."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from nats.js.kv import KeyValue

from musiccorp.chassis.discovery._codec import decode
from musiccorp.chassis.discovery._instance import Instance
from musiccorp.chassis.discovery._table import LiveTable

__all__ = ["BucketWatcher"]

log = logging.getLogger(__name__)

_REMOVALS = frozenset({"DEL", "PURGE"})


class BucketWatcher:
    """Each (re)start reads a full snapshot, then applies updates as they arrive."""

    def __init__(self, table: LiveTable, bucket: Callable[[], KeyValue], *, retry_after: float) -> None:
        self._table, self._bucket, self._retry_after = table, bucket, retry_after
        self._watcher: KeyValue.KeyWatcher | None = None
        self.synced = asyncio.Event()

    async def run(self) -> None:
        while True:
            try:
                await self._watch_once()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - keep watching through outages
                log.warning("discovery watch failed, restarting: %r", exc)
                await asyncio.sleep(self._retry_after)

    async def restart(self) -> None:
        """Stop the current watch; ``run`` starts a fresh one from a full snapshot."""
        if self._watcher is not None:
            with contextlib.suppress(Exception):
                await self._watcher.stop()

    async def _watch_once(self) -> None:
        self._watcher = watcher = await self._bucket().watchall()
        snapshot: dict[str, tuple[Instance, float]] | None = {}
        async for entry in watcher:
            if entry is None:  # every current value has been delivered
                self._table.replace_all(snapshot.values())
                snapshot = None
                self.synced.set()
            elif snapshot is not None:
                _apply_to_snapshot(snapshot, entry)
            elif entry.operation in _REMOVALS:
                service, _, instance_id = entry.key.partition(".")
                self._table.remove(service, instance_id)
            elif (decoded := decode(entry.key, entry.value)) is not None:
                self._table.put(*decoded)


def _apply_to_snapshot(snapshot: dict[str, tuple[Instance, float]], entry: KeyValue.Entry) -> None:
    if entry.operation in _REMOVALS:
        snapshot.pop(entry.key, None)
    elif (decoded := decode(entry.key, entry.value)) is not None:
        snapshot[entry.key] = decoded
