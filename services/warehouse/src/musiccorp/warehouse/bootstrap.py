"""The one place where the warehouse service is wired together."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from importlib.metadata import version
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncConnection

from musiccorp.chassis import ServiceRuntime, find_manifest, load_manifest, load_settings
from musiccorp.chassis.clock import Clock, utc_now
from musiccorp.chassis.discovery import ServiceRegistry
from musiccorp.chassis.events import Handler, WorkerPool, WorkQueue
from musiccorp.warehouse.adapters.integration_events import CONSUMES, PUBLISHES, Consumes
from musiccorp.warehouse.adapters.picking import SqlPickRepository, pick_queue
from musiccorp.warehouse.adapters.unit_of_work import SqlUnitOfWork
from musiccorp.warehouse.config import WarehouseSettings
from musiccorp.warehouse.service_layer.ports import AbstractPickRepository, AbstractUnitOfWork

MIGRATIONS = Path(__file__).parent / "migrations"

UnitOfWorkFactory = Callable[[], AbstractUnitOfWork]


@dataclass(frozen=True)
class Warehouse:
    settings: WarehouseSettings
    runtime: ServiceRuntime
    uow: UnitOfWorkFactory
    repository_on: Callable[[AsyncConnection], AbstractPickRepository]
    """The picks, on the transaction of the pick job being handled (the picker's)."""
    consumes: Consumes
    clock: Clock
    picks: WorkQueue

    @property
    def hold_for(self) -> timedelta:
        return timedelta(seconds=self.settings.hold_seconds)

    def picker_pool(self, handler_for: Callable[[str], Handler], *, size: int, prefix: str) -> WorkerPool:
        """``size`` competing pickers of :attr:`picks` on their own NATS connection, each handling its jobs with
        ``handler_for(its name)`` on the transaction of the job, in this service's database."""
        return WorkerPool(self.picks, handler_for, size=size, nats_url=self.settings.nats_url,
                          service=self.runtime.manifest.name, engine=self.runtime.database.engine, prefix=prefix)


def bootstrap(settings: WarehouseSettings | None = None, *, uow: UnitOfWorkFactory | None = None,
              registry: ServiceRegistry | None = None, clock: Clock = utc_now) -> Warehouse:
    """Wire the service; pass a fake ``uow`` factory, ``registry`` or ``clock`` to test without I/O.

    With a fake unit of work there is no database, so no outbox: the runtime then declares no events.
    """
    settings = settings or load_settings(WarehouseSettings)
    manifest = load_manifest(find_manifest(__file__), version=version("musiccorp-warehouse"))
    use_database = uow is None
    runtime = ServiceRuntime(settings=settings, manifest=manifest, migrations=MIGRATIONS, use_database=use_database,
                             registry=registry, publishes=PUBLISHES if use_database else ())
    picks = pick_queue(ack_wait=settings.pick_ack_wait_seconds, max_deliver=settings.pick_max_deliver)
    uow = uow or SqlUnitOfWork.factory(runtime, picks=picks)

    def repository_on(connection: AsyncConnection) -> AbstractPickRepository:
        return SqlPickRepository(connection, source=runtime.source)

    return Warehouse(settings=settings, runtime=runtime, uow=uow, repository_on=repository_on, consumes=CONSUMES,
                     clock=clock, picks=picks)
