"""The one place where the notifications service is wired together."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from musiccorp.chassis import ServiceRuntime, find_manifest, load_manifest, load_settings
from musiccorp.chassis.discovery import ServiceRegistry
from musiccorp.chassis.events import EventSpec
from musiccorp.notifications.adapters.customer_directory import HttpCustomerDirectory
from musiccorp.notifications.adapters.integration_events import CUSTOMER_REGISTERED, CustomerRegistered
from musiccorp.notifications.adapters.repository import SqlMailStore
from musiccorp.notifications.adapters.smtp import SmtpMailer
from musiccorp.notifications.config import NotificationsSettings
from musiccorp.notifications.service_layer.ports import (
    AbstractCustomerDirectory,
    AbstractMailer,
    AbstractMailRepository,
)

MIGRATIONS = Path(__file__).parent / "migrations"

CONSUMES = (EventSpec(CUSTOMER_REGISTERED, CustomerRegistered.model_json_schema(),
                      "A customer registered: send them a welcome mail."),)


@dataclass(frozen=True)
class Notifications:
    settings: NotificationsSettings
    runtime: ServiceRuntime
    directory: AbstractCustomerDirectory
    mails: AbstractMailRepository
    mailer: AbstractMailer


def bootstrap(settings: NotificationsSettings | None = None, *, directory: AbstractCustomerDirectory | None = None,
              mails: AbstractMailRepository | None = None, mailer: AbstractMailer | None = None,
              registry: ServiceRegistry | None = None) -> Notifications:
    """Wire the service; pass fakes to test without a network, a database or a mail relay."""
    settings = settings or load_settings(NotificationsSettings)
    manifest = load_manifest(find_manifest(__file__), version=version("musiccorp-notifications"))
    runtime = ServiceRuntime(settings=settings, manifest=manifest, migrations=MIGRATIONS,
                             use_database=mails is None, registry=registry, consumes=CONSUMES)
    return Notifications(
        settings=settings,
        runtime=runtime,
        directory=directory or HttpCustomerDirectory(lambda service: runtime.client(service, timeout=2.0)),
        mails=mails or SqlMailStore(runtime.database.engine),
        mailer=mailer or SmtpMailer(host=settings.smtp_host, port=settings.smtp_port, sender=settings.mail_from),
    )
