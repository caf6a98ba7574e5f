"""The one place where the warehouse service is wired together."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib.metadata import version
from pathlib import Path

from musiccorp.chassis import ServiceRuntime, find_manifest, load_manifest, load_settings
from musiccorp.chassis.discovery import ServiceRegistry
from musiccorp.chassis.events import WorkQueue
from musiccorp.warehouse.adapters.integration_events import PUBLISHES
from musiccorp.warehouse.adapters.picking import pick_queue
from musiccorp.warehouse.adapters.unit_of_work import SqlUnitOfWork
from musiccorp.warehouse.config import WarehouseSettings
from musiccorp.warehouse.service_layer.ports import AbstractUnitOfWork, Clock

MIGRATIONS = Path(__file__).parent / "migrations"

UnitOfWorkFactory = Callable[[], AbstractUnitOfWork]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Warehouse:
    settings: WarehouseSettings
    runtime: ServiceRuntime
    unit_of_work: UnitOfWorkFactory
    clock: Clock
    picks: WorkQueue

    @property
    def hold_for(self) -> timedelta:
        return timedelta(seconds=self.settings.hold_seconds)


def bootstrap(settings: WarehouseSettings | None = None, *, unit_of_work: UnitOfWorkFactory | None = None,
              registry: ServiceRegistry | None = None, clock: Clock = utc_now) -> Warehouse:
    """Wire the service; pass a fake ``unit_of_work`` factory, ``registry`` or ``clock`` to test without I/O.

    With a fake unit of work there is no database, so no outbox: the runtime then declares no events.
    """
    settings = settings or load_settings(WarehouseSettings)
    manifest = load_manifest(find_manifest(__file__), version=version("musiccorp-warehouse"))
    use_database = unit_of_work is None
    runtime = ServiceRuntime(settings=settings, manifest=manifest, migrations=MIGRATIONS, use_database=use_database,
                             registry=registry, publishes=PUBLISHES if use_database else ())
    picks = pick_queue(ack_wait=settings.pick_ack_wait_seconds, max_deliver=settings.pick_max_deliver)
    if unit_of_work is None:
        engine = runtime.database.engine

        def unit_of_work() -> AbstractUnitOfWork:
            return SqlUnitOfWork(engine, source=runtime.source, picks=picks, notify=runtime.notify_outbox)

    return Warehouse(settings=settings, runtime=runtime, unit_of_work=unit_of_work, clock=clock, picks=picks)
