"""The one place where the notifications service is wired together."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncConnection

from musiccorp.chassis import ServiceRuntime, find_manifest, load_manifest, load_settings
from musiccorp.chassis.clock import Clock, utc_now
from musiccorp.chassis.discovery import ServiceRegistry
from musiccorp.chassis.http import ServiceClient
from musiccorp.notifications.adapters.customer_directory import HttpCustomerDirectory
from musiccorp.notifications.adapters.integration_events import CONSUMES, Consumes
from musiccorp.notifications.adapters.order_directory import HttpOrderDirectory
from musiccorp.notifications.adapters.repository import SqlMailRepository, SqlMailStore
from musiccorp.notifications.adapters.smtp import SmtpMailer
from musiccorp.notifications.config import NotificationsSettings
from musiccorp.notifications.service_layer.ports import (
    AbstractCustomerDirectory,
    AbstractMailer,
    AbstractMailRepository,
    AbstractOrderDirectory,
)

MIGRATIONS = Path(__file__).parent / "migrations"


@dataclass(frozen=True)
class Notifications:
    settings: NotificationsSettings
    runtime: ServiceRuntime
    directory: AbstractCustomerDirectory
    orders: AbstractOrderDirectory
    repository: AbstractMailRepository
    repository_on: Callable[[AsyncConnection], AbstractMailRepository]
    """The mails, on the transaction of the event being handled (the consumer's, with its inbox row)."""
    mailer: AbstractMailer
    consumes: Consumes
    clock: Clock


def bootstrap(settings: NotificationsSettings | None = None, *, directory: AbstractCustomerDirectory | None = None,
              orders: AbstractOrderDirectory | None = None, repository: AbstractMailRepository | None = None,
              mailer: AbstractMailer | None = None, registry: ServiceRegistry | None = None,
              clock: Clock = utc_now) -> Notifications:
    """Wire the service; pass fakes to test without a network, a database or a mail relay."""
    settings = settings or load_settings(NotificationsSettings)
    manifest = load_manifest(find_manifest(__file__), version=version("musiccorp-notifications"))
    runtime = ServiceRuntime(settings=settings, manifest=manifest, migrations=MIGRATIONS,
                             use_database=repository is None, registry=registry,
                             consumes=[event.spec for event in CONSUMES])

    def client_for(service: str) -> ServiceClient:
        return runtime.client(service, timeout=2.0)

    return Notifications(
        settings=settings,
        runtime=runtime,
        directory=directory or HttpCustomerDirectory(client_for),
        orders=orders or HttpOrderDirectory(client_for),
        repository=repository or SqlMailStore(runtime.database.engine),
        repository_on=SqlMailRepository,
        mailer=mailer or SmtpMailer(host=settings.smtp_host, port=settings.smtp_port, sender=settings.mail_from),
        consumes=CONSUMES,
        clock=clock,
    )
