"""A durable JetStream pull consumer feeding one subscription's :class:`DeliveryProcessor`."""

from __future__ import annotations

import asyncio
import contextlib
import time

from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy

from musiccorp.chassis.events._backoff import Backoff
from musiccorp.chassis.events._processor import DeliveryProcessor
from musiccorp.chassis.events._streams import dead_letter_stream_config, ensure_stream, stream_config_for
from musiccorp.chassis.logs import get_logger

__all__ = ["EventConsumer"]

log = get_logger(__name__)

REFETCH_BACKOFF = Backoff(initial=0.2, maximum=5.0)


class _NatsDelivery:
    """A JetStream message seen through the :class:`Delivery` port."""

    __slots__ = ("_msg",)

    def __init__(self, msg: Msg) -> None:
        self._msg = msg

    @property
    def body(self) -> bytes:
        return self._msg.data

    @property
    def subject(self) -> str:
        return self._msg.subject

    @property
    def attempt(self) -> int:
        return self._msg.metadata.num_delivered

    @property
    def sequence(self) -> int:
        return self._msg.metadata.sequence.stream

    async def ack(self) -> None:
        await self._msg.ack()

    async def nak(self, delay: float) -> None:
        await self._msg.nak(delay=delay)


_DRAIN_TIMEOUT = 0.005


class EventConsumer:
    """Fetches batches from the subscription's durable consumer and processes them one by one.

    ``stop`` ends fetching; the message being handled completes (within
    ``grace``, else it is cancelled, rolled back and nak'ed) and the rest of the
    batch is nak'ed, so another instance (or our next start) takes it within a
    fetch timeout instead of waiting for ``ack_wait``.
    """

    def __init__(self, js: JetStreamContext, processor: DeliveryProcessor, *, batch: int = 10,
                 fetch_timeout: float = 1.0, ack_wait: float = 30.0,
                 reconnect_backoff: Backoff = REFETCH_BACKOFF) -> None:
        self.processor = processor
        self.name = processor.consumer
        self._js = js
        self._event_type = processor.subscription.event_type
        self._batch = batch
        self._fetch_timeout = fetch_timeout
        self._ack_wait = ack_wait
        self._reconnect_backoff = reconnect_backoff
        self._subscription: JetStreamContext.PullSubscription | None = None
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def _config(self) -> ConsumerConfig:
        return ConsumerConfig(name=self.name, durable_name=self.name, filter_subject=self._event_type,
                              ack_policy=AckPolicy.EXPLICIT, deliver_policy=DeliverPolicy.ALL,
                              ack_wait=self._ack_wait, max_deliver=-1, max_ack_pending=1000)

    async def _subscribe(self) -> None:
        """Ensure the producer's stream, the dead-letter stream and our durable consumer; bind to it."""
        config = stream_config_for(self._event_type)  # an event stream, or a work queue's
        await ensure_stream(self._js, config)
        await ensure_stream(self._js, dead_letter_stream_config())
        await self._js.add_consumer(config.name, self._config())
        if self._subscription is not None:
            with contextlib.suppress(Exception):
                await self._subscription.unsubscribe()
        self._subscription = await self._js.pull_subscribe_bind(durable=self.name, stream=config.name)

    async def start(self) -> None:
        await self._subscribe()
        self._stopping.clear()
        self._task = asyncio.create_task(self._run(), name=f"event-consumer-{self.name}")

    async def stop(self, *, grace: float = 5.0) -> None:
        if self._task is None:
            return
        self._stopping.set()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(self._task), grace)
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None
        if self._subscription is not None:
            with contextlib.suppress(Exception):
                await self._subscription.unsubscribe()
            self._subscription = None

    async def _run(self) -> None:
        failures = 0
        while not self._stopping.is_set():
            try:
                messages = await self._next_messages()
            except TimeoutError:  # nothing to do (nats.errors.TimeoutError is one)
                continue
            except Exception as exc:  # noqa: BLE001 - broker gone or consumer lost: rebind after a pause
                failures += 1
                log.warning("event consumer cannot fetch; retrying", subscription=self.name, error=repr(exc))
                await self._pause(self._reconnect_backoff.delay(failures))
                with contextlib.suppress(Exception):
                    await self._subscribe()
                continue
            failures = 0
            await self._process(messages)

    async def _next_messages(self) -> list[Msg]:
        """Wait for one message, then take whatever else is already there, without lingering.

        A lingering pull for a whole batch returns only when the batch is full or
        the pull expires, so a lone event would wait up to ``fetch_timeout``. Asking
        for one first answers the moment it arrives; the follow-up pull only drains
        what is queued (and gives up within milliseconds when nothing is).
        """
        messages = await self._subscription.fetch(1, timeout=self._fetch_timeout)
        if self._batch > 1:
            with contextlib.suppress(TimeoutError):
                messages += await self._subscription.fetch(self._batch - 1, timeout=_DRAIN_TIMEOUT)
        return messages

    async def _process(self, messages: list[Msg]) -> None:
        fetched_at = time.monotonic()
        for index, msg in enumerate(messages):
            if self._stopping.is_set():
                await self._release(messages[index:])
                return
            try:
                if time.monotonic() - fetched_at > self._ack_wait / 2:
                    await msg.in_progress()  # a slow batch must not let the broker redeliver what waits here
                await self.processor.process(_NatsDelivery(msg))
            except asyncio.CancelledError:
                await self._release(messages[index:])
                raise
            except Exception as exc:  # noqa: BLE001 - e.g. the ack was lost with the connection; redelivered later
                log.warning("event consumer could not settle a message", subscription=self.name, error=repr(exc))

    async def _release(self, messages: list[Msg]) -> None:
        """Hand unprocessed messages back for redelivery, to another instance or to our next start.

        Delayed by one fetch timeout: our last pull request may linger that long and
        would otherwise catch them again, leaving them with nobody until ``ack_wait``.
        """
        for msg in messages:
            with contextlib.suppress(Exception):
                if not msg._ackd:  # noqa: SLF001 - nats-py exposes no public "settled" flag
                    await msg.nak(delay=self._fetch_timeout)

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)

