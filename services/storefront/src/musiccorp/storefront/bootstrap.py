"""The one place where the storefront is wired together."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import version

from musiccorp.chassis import ServiceRuntime, find_manifest, load_manifest, load_settings
from musiccorp.chassis.discovery import ServiceRegistry
from musiccorp.chassis.http import ResponseCache
from musiccorp.storefront.adapters.account_clients import HttpCustomers, HttpLoyalty, HttpNotifications
from musiccorp.storefront.adapters.catalog_client import HttpCatalog
from musiccorp.storefront.adapters.orders_client import HttpOrders
from musiccorp.storefront.config import StorefrontSettings
from musiccorp.storefront.service_layer.ports import (
    AbstractCatalog,
    AbstractCustomers,
    AbstractLoyalty,
    AbstractNotifications,
    AbstractOrders,
)

ORDERS_CALLS_BESIDE_STREAMS = 64
"""Orders calls in flight beside the live order pages' long polls: the bulkhead is sized for both, so
followers waiting on their orders can never starve a shopper's cart or checkout."""


@dataclass(frozen=True)
class Storefront:
    settings: StorefrontSettings
    runtime: ServiceRuntime
    catalog: AbstractCatalog
    customers: AbstractCustomers
    loyalty: AbstractLoyalty
    notifications: AbstractNotifications
    orders: AbstractOrders


def bootstrap(settings: StorefrontSettings | None = None, *, catalog: AbstractCatalog | None = None,
              customers: AbstractCustomers | None = None, loyalty: AbstractLoyalty | None = None,
              notifications: AbstractNotifications | None = None, orders: AbstractOrders | None = None,
              registry: ServiceRegistry | None = None) -> Storefront:
    """Wire the storefront; pass fakes of the services behind it, or a ``registry``, to test without I/O."""
    settings = settings or load_settings(StorefrontSettings)
    manifest = load_manifest(find_manifest(__file__), version=version("musiccorp-storefront"))
    runtime = ServiceRuntime(settings=settings, manifest=manifest, use_database=False, registry=registry)
    if catalog is None:
        client = runtime.client("catalog", timeout=settings.catalog_timeout, retries=1,
                                cache=ResponseCache(max_entries=4096))
        catalog = HttpCatalog(client)
    timeout = settings.account_timeout
    return Storefront(
        settings=settings, runtime=runtime, catalog=catalog,
        customers=customers or HttpCustomers(runtime.client("customers", timeout=timeout, retries=1)),
        loyalty=loyalty or HttpLoyalty(runtime.client("loyalty", timeout=timeout, retries=1)),
        notifications=notifications or HttpNotifications(runtime.client("notifications", timeout=timeout, retries=1)),
        orders=orders or HttpOrders(runtime.client(
            "orders", timeout=settings.orders_timeout, retries=1,
            max_concurrent=settings.max_order_streams + ORDERS_CALLS_BESIDE_STREAMS)),
    )
