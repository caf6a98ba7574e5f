"""The one place where the storefront is wired together."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import version

from musiccorp.chassis import ServiceRuntime, find_manifest, load_manifest, load_settings
from musiccorp.chassis.discovery import ServiceRegistry
from musiccorp.chassis.http import ResponseCache
from musiccorp.storefront.adapters.catalog_client import HttpCatalog
from musiccorp.storefront.config import StorefrontSettings
from musiccorp.storefront.service_layer.ports import AbstractCatalog


@dataclass(frozen=True)
class Storefront:
    settings: StorefrontSettings
    runtime: ServiceRuntime
    catalog: AbstractCatalog


def bootstrap(settings: StorefrontSettings | None = None, *, catalog: AbstractCatalog | None = None,
              registry: ServiceRegistry | None = None) -> Storefront:
    """Wire the storefront; pass a fake ``catalog`` or ``registry`` to test without I/O."""
    settings = settings or load_settings(StorefrontSettings)
    manifest = load_manifest(find_manifest(__file__), version=version("musiccorp-storefront"))
    runtime = ServiceRuntime(settings=settings, manifest=manifest, use_database=False, registry=registry)
    if catalog is None:
        client = runtime.client("catalog", timeout=settings.catalog_timeout, retries=1,
                                cache=ResponseCache(max_entries=4096))
        catalog = HttpCatalog(client)
    return Storefront(settings=settings, runtime=runtime, catalog=catalog)
