"""The one place where the shipping service is wired together."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from musiccorp.chassis import ServiceRuntime, find_manifest, load_manifest, load_settings
from musiccorp.chassis.discovery import ServiceRegistry
from musiccorp.shipping.adapters.integration_events import CONSUMES, PUBLISHES
from musiccorp.shipping.adapters.unit_of_work import SqlUnitOfWork
from musiccorp.shipping.config import ShippingSettings
from musiccorp.shipping.service_layer.handlers import Clock
from musiccorp.shipping.service_layer.ports import AbstractUnitOfWork

MIGRATIONS = Path(__file__).parent / "migrations"

UnitOfWorkFactory = Callable[[], AbstractUnitOfWork]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Shipping:
    settings: ShippingSettings
    runtime: ServiceRuntime
    unit_of_work: UnitOfWorkFactory
    clock: Clock


def bootstrap(settings: ShippingSettings | None = None, *, unit_of_work: UnitOfWorkFactory | None = None,
              registry: ServiceRegistry | None = None, clock: Clock = utc_now) -> Shipping:
    """Wire the service; pass a fake ``unit_of_work`` factory, ``registry`` or ``clock`` to test without I/O.

    With a fake unit of work there is no database, so no outbox and no inbox: the
    runtime then declares no events. Consumers subscribe in the entrypoint.
    """
    settings = settings or load_settings(ShippingSettings)
    manifest = load_manifest(find_manifest(__file__), version=version("musiccorp-shipping"))
    use_database = unit_of_work is None
    runtime = ServiceRuntime(settings=settings, manifest=manifest, migrations=MIGRATIONS, use_database=use_database,
                             registry=registry, publishes=PUBLISHES if use_database else (),
                             consumes=CONSUMES if use_database else ())
    if unit_of_work is None:
        engine = runtime.database.engine

        def unit_of_work() -> AbstractUnitOfWork:
            return SqlUnitOfWork(engine, source=runtime.source, notify=runtime.notify_outbox)

    return Shipping(settings=settings, runtime=runtime, unit_of_work=unit_of_work, clock=clock)
