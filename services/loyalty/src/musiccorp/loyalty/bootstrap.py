"""The one place where the loyalty service is wired together."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncConnection

from musiccorp.chassis import ServiceRuntime, find_manifest, load_manifest, load_settings
from musiccorp.chassis.clock import Clock, utc_now
from musiccorp.chassis.discovery import ServiceRegistry
from musiccorp.loyalty.adapters.integration_events import CONSUMES, Consumes
from musiccorp.loyalty.adapters.repository import SqlAccountReader, SqlAccountRepository
from musiccorp.loyalty.config import LoyaltySettings
from musiccorp.loyalty.service_layer.ports import AbstractAccountReader, AbstractAccountRepository

MIGRATIONS = Path(__file__).parent / "migrations"


@dataclass(frozen=True)
class Loyalty:
    settings: LoyaltySettings
    runtime: ServiceRuntime
    repository: AbstractAccountReader
    repository_on: Callable[[AsyncConnection], AbstractAccountRepository]
    """The accounts, on the transaction of the event being handled (the consumer's, with its inbox row)."""
    consumes: Consumes
    clock: Clock


def bootstrap(settings: LoyaltySettings | None = None, *, repository: AbstractAccountReader | None = None,
              registry: ServiceRegistry | None = None, clock: Clock = utc_now) -> Loyalty:
    """Wire the service; pass a fake ``repository``, ``registry`` or ``clock`` to test without I/O.

    Consumers subscribe in the entrypoint.
    """
    settings = settings or load_settings(LoyaltySettings)
    manifest = load_manifest(find_manifest(__file__), version=version("musiccorp-loyalty"))
    runtime = ServiceRuntime(settings=settings, manifest=manifest, migrations=MIGRATIONS,
                             use_database=repository is None, registry=registry,
                             consumes=[event.spec for event in CONSUMES])
    if repository is None:
        repository = SqlAccountReader(runtime.database.engine)
    return Loyalty(settings=settings, runtime=runtime, repository=repository, repository_on=SqlAccountRepository,
                   consumes=CONSUMES, clock=clock)
