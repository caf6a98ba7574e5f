"""The one place where the catalog service is wired together."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from musiccorp.catalog.adapters.read_model import CatalogReadModel
from musiccorp.catalog.adapters.repository import SqlCatalogRepository
from musiccorp.catalog.config import CatalogSettings
from musiccorp.catalog.service_layer.ports import AbstractCatalogRepository
from musiccorp.chassis import ServiceRuntime, find_manifest, load_manifest, load_settings
from musiccorp.chassis.discovery import ServiceRegistry

MIGRATIONS = Path(__file__).parent / "migrations"


@dataclass(frozen=True)
class Catalog:
    settings: CatalogSettings
    runtime: ServiceRuntime
    repository: AbstractCatalogRepository

    async def warm_up(self) -> None:
        """Build the read model once the database is migrated."""
        if isinstance(self.repository, CatalogReadModel):
            await self.repository.refresh()


def bootstrap(settings: CatalogSettings | None = None, *, repository: AbstractCatalogRepository | None = None,
              registry: ServiceRegistry | None = None) -> Catalog:
    """Wire the service; pass a fake ``repository`` or ``registry`` to test without I/O."""
    settings = settings or load_settings(CatalogSettings)
    manifest = load_manifest(find_manifest(__file__), version=version("musiccorp-catalog"))
    runtime = ServiceRuntime(settings=settings, manifest=manifest, migrations=MIGRATIONS,
                             use_database=repository is None, registry=registry)
    if repository is None:
        repository = SqlCatalogRepository(runtime.database.engine)
        if settings.read_model:
            repository = CatalogReadModel(repository)
    return Catalog(settings=settings, runtime=runtime, repository=repository)
