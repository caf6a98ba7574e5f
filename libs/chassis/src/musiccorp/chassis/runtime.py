"""The chassis resources of one service process, built without I/O, started in the lifespan.

A service's ``bootstrap`` creates one :class:`ServiceRuntime` and asks it for
clients of its downstream services; nothing touches the network or the disk
until :meth:`ServiceRuntime.start` runs inside the event loop (no I/O at import
time). ``start`` migrates the database, connects to the registry and announces
this instance; ``stop`` undoes all of it in reverse.

A service that publishes or subscribes to events (ADR 0005) gets, when
``nats_url`` is set, one NATS connection shared by discovery and the event
backbone: its streams ensured, the outbox relay and one consumer per
subscription running, and an ``events`` readiness check. Without ``nats_url``
nothing of that starts; tests then read the outbox or call handlers directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from nats.aio.client import Client as NATS

from musiccorp.chassis.database import Database
from musiccorp.chassis.discovery import (
    InMemoryRegistry,
    Instance,
    NatsKvRegistry,
    ServiceRegistry,
    StaticRegistry,
)
from musiccorp.chassis.events import EventBackbone, EventSpec, Subscription, asyncapi_document, connect_nats
from musiccorp.chassis.health import HealthChecks
from musiccorp.chassis.http import HttpClient, ServiceClient
from musiccorp.chassis.logs import configure_logging, get_logger
from musiccorp.chassis.manifest import ServiceManifest
from musiccorp.chassis.metrics import SERVICE_INFO
from musiccorp.chassis.settings import ServiceSettings

__all__ = ["ServiceRuntime"]

log = get_logger(__name__)


class _RegistryHandle:
    """Stands in for the registry until ``start`` has connected the real one."""

    def __init__(self, registry: ServiceRegistry | None = None) -> None:
        self.target = registry

    async def resolve(self, service: str) -> list[Instance]:
        if self.target is None:
            raise RuntimeError("the service registry is used before the service started")
        return await self.target.resolve(service)


class ServiceRuntime:
    """Settings, manifest, database, discovery, HTTP client, health and events of one process.

    ``publishes`` and ``consumes`` describe the service's events (served as
    ``/asyncapi.json``); ``subscriptions`` are the handlers that consume them.
    """

    def __init__(self, *, settings: ServiceSettings, manifest: ServiceManifest,
                 migrations: Path | None = None, use_database: bool = True,
                 registry: ServiceRegistry | None = None, publishes: Sequence[EventSpec] = (),
                 consumes: Sequence[EventSpec] = (), subscriptions: Sequence[Subscription] = ()) -> None:
        self.settings = settings
        self.manifest = manifest
        self.database = Database(settings.database_url, migrations=migrations) if use_database else None
        self.publishes = tuple(publishes)
        self.consumes = tuple(consumes)
        self.subscriptions = tuple(subscriptions)
        self.events: EventBackbone | None = None
        self._nats: NATS | None = None
        self.http = HttpClient()
        self.health = HealthChecks()
        self._registry = _RegistryHandle(registry)
        self._owns_registry = registry is None
        self.instance = Instance(
            service=manifest.name,
            instance_id=settings.instance_id or f"{manifest.name}-{settings.port}",
            url=settings.url,
            version=manifest.version,
        )
        if self.database is not None:
            self.health.register("database", self.database.ping)

    @property
    def registry(self) -> ServiceRegistry:
        return self._registry  # type: ignore[return-value]

    @property
    def source(self) -> str:
        """The CloudEvents ``source`` of this service's events."""
        return f"/musiccorp/{self.manifest.name}"

    @property
    def has_events(self) -> bool:
        return bool(self.publishes or self.consumes or self.subscriptions)

    def asyncapi(self) -> dict:
        """The AsyncAPI document of this service; a subscription without an :class:`EventSpec` is listed too."""
        described = {spec.type for spec in self.consumes}
        consumes = self.consumes + tuple(EventSpec(s.event_type, {"type": "object"}) for s in self.subscriptions
                                         if s.event_type not in described)
        return asyncapi_document(self.manifest.name, self.manifest.version, self.manifest.description,
                                 self.publishes, consumes)

    def subscribe(self, subscription: Subscription) -> None:
        """Consume an event type from ``start()`` on; for handlers built after the runtime (they may use it)."""
        if self.events is not None:
            raise RuntimeError("subscribe before the service starts")
        self.subscriptions = (*self.subscriptions, subscription)

    def notify_outbox(self) -> None:
        """Wake the outbox relay: a transaction that recorded events has just committed.

        Without it the events still go out, at the relay's next poll.
        """
        if self.events is not None:
            self.events.notify()

    def client(self, service: str, **options) -> ServiceClient:
        """A resilient client for the downstream service called ``service``."""
        return self.http.for_service(service, registry=self._registry, **options)

    async def _connect_registry(self) -> ServiceRegistry:
        if self.settings.nats_url:
            registry = (await NatsKvRegistry.from_connection(self._nats) if self._nats is not None
                        else await NatsKvRegistry.connect(self.settings.nats_url))
            self.health.register("discovery", registry.ping)
            return registry
        if self.settings.service_urls:
            return StaticRegistry(self.settings.service_urls)
        return InMemoryRegistry()

    async def start(self) -> None:
        settings, manifest = self.settings, self.manifest
        configure_logging(service=manifest.name, version=manifest.version,
                          instance=self.instance.instance_id, level=settings.log_level,
                          fmt=settings.log_format)
        SERVICE_INFO.labels(manifest.name, manifest.version, self.instance.instance_id).set(1)
        if self.database is not None:
            await self.database.migrate(isolated=True)
        if settings.nats_url and (self.publishes or self.subscriptions):
            if self.database is None:
                raise ValueError("events need the service's own database: the outbox and the inbox live there")
            self._nats = await connect_nats(settings.nats_url, name=f"musiccorp-{manifest.name}")
        if self._registry.target is None:
            self._registry.target = await self._connect_registry()
        if self._nats is not None:
            await self._start_events(self._nats)
        await self._registry.target.register(self.instance)
        log.info("service started", url=self.instance.url, environment=settings.environment)

    async def _start_events(self, nc: NATS) -> None:
        self.events = EventBackbone(service=self.manifest.name, engine=self.database.engine,
                                    publishes=self.publishes, subscriptions=self.subscriptions)
        await self.events.start(nc)
        self.health.register("events", self.events.check)

    async def stop(self) -> None:
        if self.events is not None:
            await self.events.stop()
            self.events = None
        registry = self._registry.target
        if registry is not None:
            await registry.deregister(self.instance)
            if self._owns_registry:
                await registry.close()
        if self._nats is not None:
            await self._nats.close()
            self._nats = None
        await self.http.close()
        if self.database is not None:
            await self.database.dispose()
        log.info("service stopped")
