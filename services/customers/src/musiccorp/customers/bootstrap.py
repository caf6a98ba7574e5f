"""The one place where the customers service is wired together."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from musiccorp.chassis import ServiceRuntime, find_manifest, load_manifest, load_settings
from musiccorp.chassis.discovery import ServiceRegistry
from musiccorp.customers.adapters.integration_events import PUBLISHES
from musiccorp.customers.adapters.unit_of_work import SqlUnitOfWork
from musiccorp.customers.config import CustomersSettings
from musiccorp.customers.service_layer.ports import AbstractUnitOfWork

MIGRATIONS = Path(__file__).parent / "migrations"

UnitOfWorkFactory = Callable[[], AbstractUnitOfWork]


@dataclass(frozen=True)
class Customers:
    settings: CustomersSettings
    runtime: ServiceRuntime
    uow: UnitOfWorkFactory


def bootstrap(settings: CustomersSettings | None = None, *, uow: UnitOfWorkFactory | None = None,
              registry: ServiceRegistry | None = None) -> Customers:
    """Wire the service; pass a fake ``uow`` factory or ``registry`` to test without I/O.

    With a fake unit of work there is no database, so no outbox: the runtime then declares no events.
    """
    settings = settings or load_settings(CustomersSettings)
    manifest = load_manifest(find_manifest(__file__), version=version("musiccorp-customers"))
    use_database = uow is None
    runtime = ServiceRuntime(settings=settings, manifest=manifest, migrations=MIGRATIONS, use_database=use_database,
                             registry=registry, publishes=PUBLISHES if use_database else ())
    return Customers(settings=settings, runtime=runtime, uow=uow or SqlUnitOfWork.factory(runtime))
