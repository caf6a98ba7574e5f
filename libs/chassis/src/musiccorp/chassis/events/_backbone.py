"""The event machinery of one service process: streams, the outbox relay, one consumer per subscription."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import Any

from nats.aio.client import Client as NATS
from sqlalchemy.ext.asyncio import AsyncEngine

from musiccorp.chassis.events._asyncapi import EventSpec
from musiccorp.chassis.events._consumer import EventConsumer
from musiccorp.chassis.events._processor import DeliveryProcessor, Subscription
from musiccorp.chassis.events._publisher import JetStreamPublisher
from musiccorp.chassis.events._relay import OutboxRelay
from musiccorp.chassis.events._streams import ensure_stream, stream_config

__all__ = ["EventBackbone"]


class EventBackbone:
    """Started by :class:`~musiccorp.chassis.runtime.ServiceRuntime` on its NATS connection; stopped before it."""

    def __init__(self, *, service: str, engine: AsyncEngine, publishes: Sequence[EventSpec] = (),
                 subscriptions: Sequence[Subscription] = (), relay_options: Mapping[str, Any] | None = None,
                 consumer_options: Mapping[str, Any] | None = None) -> None:
        self._service = service
        self._engine = engine
        self._publishes = tuple(publishes)
        self._subscriptions = tuple(subscriptions)
        self._relay_options = dict(relay_options or {})
        self._consumer_options = dict(consumer_options or {})
        self.relay: OutboxRelay | None = None
        self.consumers: list[EventConsumer] = []

    async def start(self, nc: NATS) -> None:
        js = nc.jetstream()
        publisher = JetStreamPublisher(js)
        for config in {stream_config(spec.type).name: stream_config(spec.type) for spec in self._publishes}.values():
            await ensure_stream(js, config)
        try:
            for subscription in self._subscriptions:
                processor = DeliveryProcessor(subscription, service=self._service, engine=self._engine,
                                              dead_letters=publisher)
                consumer = EventConsumer(js, processor, **self._consumer_options)
                await consumer.start()
                self.consumers.append(consumer)
        except BaseException:
            await self.stop()
            raise
        if self._publishes:
            self.relay = OutboxRelay(self._engine, publisher, **self._relay_options)
            self.relay.start()

    def notify(self) -> None:
        if self.relay is not None:
            self.relay.notify()

    async def check(self) -> None:
        """Readiness: the relay and every consumer are running (a broker outage is the outbox's job, not ours)."""
        stopped = [c.name for c in self.consumers if not c.running]
        if self.relay is not None and not self.relay.running:
            stopped.append("outbox relay")
        if stopped:
            raise RuntimeError(f"not running: {', '.join(stopped)}")

    async def stop(self) -> None:
        """Stop consumers and relay together; each finishes or safely abandons what it holds."""
        stopping = [consumer.stop() for consumer in self.consumers]
        if self.relay is not None:
            stopping.append(self.relay.stop())
        await asyncio.gather(*stopping)
        self.consumers.clear()
        self.relay = None
