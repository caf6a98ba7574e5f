"""The one place where the payments service is wired together."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from importlib.metadata import version
from pathlib import Path

from musiccorp.chassis import ServiceRuntime, find_manifest, load_manifest, load_settings
from musiccorp.chassis.clock import Clock, utc_now
from musiccorp.chassis.discovery import ServiceRegistry, StaticRegistry
from musiccorp.chassis.http import ResponseCache
from musiccorp.payments.adapters.catalog import HttpCatalog
from musiccorp.payments.adapters.integration_events import PUBLISHES
from musiccorp.payments.adapters.paybuddy import PayBuddy
from musiccorp.payments.adapters.unit_of_work import SqlUnitOfWork
from musiccorp.payments.config import PaymentsSettings
from musiccorp.payments.service_layer.ports import AbstractUnitOfWork, Catalog, PaymentProvider

MIGRATIONS = Path(__file__).parent / "migrations"

UnitOfWorkFactory = Callable[[], AbstractUnitOfWork]


@dataclass(frozen=True)
class Payments:
    settings: PaymentsSettings
    runtime: ServiceRuntime
    uow: UnitOfWorkFactory
    provider: PaymentProvider
    catalog: Catalog
    clock: Clock

    @property
    def lease(self) -> timedelta:
        """How long a claim on a payment holds: longer than a charge call can possibly take (2 timeouts)."""
        return timedelta(seconds=3 * self.settings.paybuddy_timeout)

    @property
    def patience(self) -> float:
        """How long a request waits for a twin's charge: a whole lease, after which the claim is free anyway."""
        return self.lease.total_seconds()


def bootstrap(settings: PaymentsSettings | None = None, *, uow: UnitOfWorkFactory | None = None,
              provider: PaymentProvider | None = None, catalog: Catalog | None = None,
              registry: ServiceRegistry | None = None, clock: Clock = utc_now) -> Payments:
    """Wire the service; pass a fake ``uow`` factory, ``provider``, ``catalog`` or ``registry`` to test without I/O.

    With a fake unit of work there is no database, so no outbox: the runtime then declares no events.
    """
    settings = settings or load_settings(PaymentsSettings)
    manifest = load_manifest(find_manifest(__file__), version=version("musiccorp-payments"))
    use_database = uow is None
    runtime = ServiceRuntime(settings=settings, manifest=manifest, migrations=MIGRATIONS, use_database=use_database,
                             registry=registry, publishes=PUBLISHES if use_database else ())
    uow = uow or SqlUnitOfWork.factory(runtime)

    if provider is None:
        # PayBuddy is not one of ours and not in discovery: its client resolves the name from a static map.
        client = runtime.http.for_service("paybuddy", registry=StaticRegistry({"paybuddy": settings.paybuddy_url}),
                                          timeout=settings.paybuddy_timeout, retries=1)
        provider = PayBuddy(client, api_key=settings.paybuddy_api_key.current,
                            webhook_secrets=settings.paybuddy_webhook_secret, callback_url=settings.callback_url,
                            charge_timeout=settings.paybuddy_timeout)
    if catalog is None:
        catalog = HttpCatalog(runtime.client("catalog", timeout=settings.catalog_timeout, retries=1,
                                             cache=ResponseCache(max_entries=4096)))
    return Payments(settings=settings, runtime=runtime, uow=uow, provider=provider,
                    catalog=catalog, clock=clock)
