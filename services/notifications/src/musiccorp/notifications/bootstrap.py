"""The one place where the notifications service is wired together."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from musiccorp.chassis import ServiceRuntime, find_manifest, load_manifest, load_settings
from musiccorp.chassis.discovery import ServiceRegistry
from musiccorp.chassis.events import EventSpec
from musiccorp.chassis.http import ServiceClient
from musiccorp.notifications.adapters.customer_directory import HttpCustomerDirectory
from musiccorp.notifications.adapters.integration_events import (
    CUSTOMER_REGISTERED,
    ORDER_CANCELLED,
    ORDER_COMPLETED,
    CustomerRegistered,
    OrderCancelled,
    OrderCompleted,
)
from musiccorp.notifications.adapters.order_directory import HttpOrderDirectory
from musiccorp.notifications.adapters.repository import SqlMailStore
from musiccorp.notifications.adapters.smtp import SmtpMailer
from musiccorp.notifications.config import NotificationsSettings
from musiccorp.notifications.service_layer.ports import (
    AbstractCustomerDirectory,
    AbstractMailer,
    AbstractMailRepository,
    AbstractOrderDirectory,
)

MIGRATIONS = Path(__file__).parent / "migrations"

CONSUMES = (
    EventSpec(CUSTOMER_REGISTERED, CustomerRegistered.model_json_schema(),
              "A customer registered: send them a welcome mail."),
    EventSpec(ORDER_COMPLETED, OrderCompleted.model_json_schema(),
              "An order completed: mail its confirmation, read from the order's URI."),
    EventSpec(ORDER_CANCELLED, OrderCancelled.model_json_schema(),
              "An order was cancelled: tell the customer why."),
)


@dataclass(frozen=True)
class Notifications:
    settings: NotificationsSettings
    runtime: ServiceRuntime
    directory: AbstractCustomerDirectory
    orders: AbstractOrderDirectory
    mails: AbstractMailRepository
    mailer: AbstractMailer


def bootstrap(settings: NotificationsSettings | None = None, *, directory: AbstractCustomerDirectory | None = None,
              orders: AbstractOrderDirectory | None = None, mails: AbstractMailRepository | None = None,
              mailer: AbstractMailer | None = None, registry: ServiceRegistry | None = None) -> Notifications:
    """Wire the service; pass fakes to test without a network, a database or a mail relay."""
    settings = settings or load_settings(NotificationsSettings)
    manifest = load_manifest(find_manifest(__file__), version=version("musiccorp-notifications"))
    runtime = ServiceRuntime(settings=settings, manifest=manifest, migrations=MIGRATIONS,
                             use_database=mails is None, registry=registry, consumes=CONSUMES)

    def client_for(service: str) -> ServiceClient:
        return runtime.client(service, timeout=2.0)

    return Notifications(
        settings=settings,
        runtime=runtime,
        directory=directory or HttpCustomerDirectory(client_for),
        orders=orders or HttpOrderDirectory(client_for),
        mails=mails or SqlMailStore(runtime.database.engine),
        mailer=mailer or SmtpMailer(host=settings.smtp_host, port=settings.smtp_port, sender=settings.mail_from),
    )
