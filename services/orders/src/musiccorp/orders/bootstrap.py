"""The one place where the orders service is wired together."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from musiccorp.chassis import ServiceRuntime, find_manifest, load_manifest, load_settings
from musiccorp.chassis.clock import Clock, utc_now
from musiccorp.chassis.discovery import ServiceRegistry
from musiccorp.chassis.http import ResponseCache
from musiccorp.orders.adapters.catalog import HttpCatalog
from musiccorp.orders.adapters.crash_points import CrashPoints
from musiccorp.orders.adapters.integration_events import PUBLISHES
from musiccorp.orders.adapters.participants import HttpPayments, HttpShipping, HttpWarehouse
from musiccorp.orders.adapters.unit_of_work import SqlUnitOfWork
from musiccorp.orders.config import OrdersSettings
from musiccorp.orders.domain.saga import RetryPolicy
from musiccorp.orders.service_layer.changes import OrderChanges
from musiccorp.orders.service_layer.ports import AbstractUnitOfWork, Catalog, Participants
from musiccorp.orders.service_layer.saga_runner import SagaRunner

MIGRATIONS = Path(__file__).parent / "migrations"

UnitOfWorkFactory = Callable[[], AbstractUnitOfWork]


@dataclass(frozen=True)
class Orders:
    settings: OrdersSettings
    runtime: ServiceRuntime
    uow: UnitOfWorkFactory
    catalog: Catalog
    runner: SagaRunner
    changes: OrderChanges
    clock: Clock


def bootstrap(settings: OrdersSettings | None = None, *, registry: ServiceRegistry | None = None,
              uow: UnitOfWorkFactory | None = None, catalog: Catalog | None = None,
              participants: Participants | None = None, clock: Clock = utc_now) -> Orders:
    """Wire the service; pass fakes (``uow``, ``catalog``, ``participants``, ``registry``) to test
    without I/O. With a fake unit of work there is no database, so no outbox: the runtime declares no events.
    """
    settings = settings or load_settings(OrdersSettings)
    manifest = load_manifest(find_manifest(__file__), version=version("musiccorp-orders"))
    use_database = uow is None
    runtime = ServiceRuntime(settings=settings, manifest=manifest, migrations=MIGRATIONS, use_database=use_database,
                             registry=registry, publishes=PUBLISHES if use_database else ())
    uow = uow or SqlUnitOfWork.factory(runtime)
    if catalog is None:  # the catalog's answers are cacheable: popular albums cost no hop while fresh
        catalog = HttpCatalog(runtime.client("catalog", cache=ResponseCache(max_entries=4096)))
    if participants is None:
        participants = Participants(
            warehouse=HttpWarehouse(runtime.client("warehouse")),
            payments=HttpPayments(runtime.client("payments", timeout=settings.payments_timeout_seconds)),
            shipping=HttpShipping(runtime.client("shipping")))
    changes = OrderChanges()
    optional = {"checkpoint": CrashPoints(settings.crash_points_dir)} if settings.crash_points_dir else {}
    # Unique per process, even on one port. Only an explicitly named instance (unique among live processes) is
    # the heir of its earlier lives; a default name (``orders-8105``) may be shared by pods, so it waits out leases.
    heir = f"{settings.instance_id}/" if settings.instance_id else None
    runner = SagaRunner(
        unit_of_work=uow, participants=participants, clock=clock, inherits=heir,
        owner=f"{runtime.instance.instance_id}/{uuid.uuid4().hex[:8]}",
        policy=RetryPolicy(step_attempts=settings.saga_step_attempts, first_delay=settings.saga_first_retry_seconds,
                           max_delay=settings.saga_max_retry_seconds),
        lease_seconds=settings.saga_lease_seconds, poll_seconds=settings.saga_poll_seconds,
        max_in_flight=settings.saga_max_in_flight, on_move=lambda order: changes.changed(order.id), **optional)
    return Orders(settings=settings, runtime=runtime, uow=uow, catalog=catalog, runner=runner,
                  changes=changes, clock=clock)
