"""The one place where the shipping service is wired together."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncConnection

from musiccorp.chassis import ServiceRuntime, find_manifest, load_manifest, load_settings
from musiccorp.chassis.clock import Clock, utc_now
from musiccorp.chassis.discovery import ServiceRegistry
from musiccorp.shipping.adapters.integration_events import CONSUMES, PUBLISHES, Consumes
from musiccorp.shipping.adapters.unit_of_work import SqlUnitOfWork
from musiccorp.shipping.config import ShippingSettings
from musiccorp.shipping.service_layer.ports import AbstractUnitOfWork

MIGRATIONS = Path(__file__).parent / "migrations"

UnitOfWorkFactory = Callable[[], AbstractUnitOfWork]


@dataclass(frozen=True)
class Shipping:
    settings: ShippingSettings
    runtime: ServiceRuntime
    uow: UnitOfWorkFactory
    uow_on: Callable[[AsyncConnection], AbstractUnitOfWork]
    """A unit of work inside the transaction of the event being handled (the consumer's)."""
    consumes: Consumes
    clock: Clock


def bootstrap(settings: ShippingSettings | None = None, *, uow: UnitOfWorkFactory | None = None,
              registry: ServiceRegistry | None = None, clock: Clock = utc_now) -> Shipping:
    """Wire the service; pass a fake ``uow`` factory, ``registry`` or ``clock`` to test without I/O.

    With a fake unit of work there is no database, so no outbox and no inbox: the
    runtime then declares no events. Consumers subscribe in the entrypoint.
    """
    settings = settings or load_settings(ShippingSettings)
    manifest = load_manifest(find_manifest(__file__), version=version("musiccorp-shipping"))
    use_database = uow is None
    runtime = ServiceRuntime(settings=settings, manifest=manifest, migrations=MIGRATIONS, use_database=use_database,
                             registry=registry, publishes=PUBLISHES if use_database else (),
                             consumes=[event.spec for event in CONSUMES] if use_database else ())
    return Shipping(settings=settings, runtime=runtime, uow=uow or SqlUnitOfWork.factory(runtime),
                    uow_on=SqlUnitOfWork.joining(runtime), consumes=CONSUMES, clock=clock)
