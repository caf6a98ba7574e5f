"""The chassis resources of one service process, built without I/O, started in the lifespan.

A service's ``bootstrap`` creates one :class:`ServiceRuntime` and asks it for
clients of its downstream services; nothing touches the network or the disk
until :meth:`ServiceRuntime.start` runs inside the event loop (no I/O at import
time). ``start`` migrates the database, connects to the registry and announces
this instance; ``stop`` undoes all of it in reverse.
"""

from __future__ import annotations

from pathlib import Path

from musiccorp.chassis.database import Database
from musiccorp.chassis.discovery import (
    InMemoryRegistry,
    Instance,
    NatsKvRegistry,
    ServiceRegistry,
    StaticRegistry,
)
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
    """Settings, manifest, database, discovery, HTTP client and health of one process."""

    def __init__(self, *, settings: ServiceSettings, manifest: ServiceManifest,
                 migrations: Path | None = None, use_database: bool = True,
                 registry: ServiceRegistry | None = None) -> None:
        self.settings = settings
        self.manifest = manifest
        self.database = Database(settings.database_url, migrations=migrations) if use_database else None
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

    def client(self, service: str, **options) -> ServiceClient:
        """A resilient client for the downstream service called ``service``."""
        return self.http.for_service(service, registry=self._registry, **options)

    async def _connect_registry(self) -> ServiceRegistry:
        if self.settings.nats_url:
            registry = await NatsKvRegistry.connect(self.settings.nats_url)
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
        if self._registry.target is None:
            self._registry.target = await self._connect_registry()
        await self._registry.target.register(self.instance)
        log.info("service started", url=self.instance.url, environment=settings.environment)

    async def stop(self) -> None:
        registry = self._registry.target
        if registry is not None:
            await registry.deregister(self.instance)
            if self._owns_registry:
                await registry.close()
        await self.http.close()
        if self.database is not None:
            await self.database.dispose()
        log.info("service stopped")
