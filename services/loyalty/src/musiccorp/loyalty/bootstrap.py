"""The one place where the loyalty service is wired together."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from musiccorp.chassis import ServiceRuntime, find_manifest, load_manifest, load_settings
from musiccorp.chassis.discovery import ServiceRegistry
from musiccorp.chassis.events import EventSpec
from musiccorp.loyalty.adapters.integration_events import (
    CUSTOMER_REGISTERED,
    ORDER_COMPLETED,
    REFUND_ISSUED,
    CustomerRegistered,
    OrderCompleted,
    RefundIssued,
)
from musiccorp.loyalty.adapters.repository import SqlAccountReader
from musiccorp.loyalty.config import LoyaltySettings
from musiccorp.loyalty.service_layer.ports import AbstractAccountReader

MIGRATIONS = Path(__file__).parent / "migrations"

CONSUMES = (
    EventSpec(CUSTOMER_REGISTERED, CustomerRegistered.model_json_schema(),
              "A customer registered: open their points account."),
    EventSpec(ORDER_COMPLETED, OrderCompleted.model_json_schema(),
              "An order completed: award one point per whole unit of its total."),
    EventSpec(REFUND_ISSUED, RefundIssued.model_json_schema(),
              "An order was refunded: take back the points it earned."),
)


@dataclass(frozen=True)
class Loyalty:
    settings: LoyaltySettings
    runtime: ServiceRuntime
    accounts: AbstractAccountReader


def bootstrap(settings: LoyaltySettings | None = None, *, accounts: AbstractAccountReader | None = None,
              registry: ServiceRegistry | None = None) -> Loyalty:
    """Wire the service; pass fakes to test without a database. Consumers subscribe in the entrypoint."""
    settings = settings or load_settings(LoyaltySettings)
    manifest = load_manifest(find_manifest(__file__), version=version("musiccorp-loyalty"))
    runtime = ServiceRuntime(settings=settings, manifest=manifest, migrations=MIGRATIONS,
                             use_database=accounts is None, registry=registry,
                             consumes=CONSUMES)
    if accounts is None:
        accounts = SqlAccountReader(runtime.database.engine)
    return Loyalty(settings=settings, runtime=runtime, accounts=accounts)
