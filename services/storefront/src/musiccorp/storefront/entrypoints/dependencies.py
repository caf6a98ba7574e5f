"""What a handler takes from the app, as typed FastAPI dependencies: ``catalog: Catalog``, ``orders: Orders``.

:func:`~musiccorp.storefront.entrypoints.api.create_app` puts the
:class:`~musiccorp.storefront.bootstrap.Storefront` that ``bootstrap`` wired on
``app.state``; each dependency here hands a handler the one thing it needs of it
(a service's client, the settings), or the customer the session remembers. A
handler is then a plain function: a test calls it with its fakes given directly.

Each dependency only reads ``request.app.state`` (or the session), and each is a
coroutine function: FastAPI awaits it in the event loop, where a plain ``def``
would cost a hop to the thread pool on every request. Even so each costs a page
some microseconds, so a handler takes only what it uses: the album page (a
benchmark's budget) takes one. The templates are no dependency: they ship in the
package, are loaded once at import (:mod:`.rendering`) and are the same in every app.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from starlette.requests import Request

from musiccorp.storefront.config import StorefrontSettings
from musiccorp.storefront.entrypoints.session import current_customer
from musiccorp.storefront.service_layer.ports import (
    AbstractCatalog,
    AbstractCustomers,
    AbstractLoyalty,
    AbstractNotifications,
    AbstractOrders,
)


async def get_catalog(request: Request) -> AbstractCatalog:
    return request.app.state.storefront.catalog


async def get_customers(request: Request) -> AbstractCustomers:
    return request.app.state.storefront.customers


async def get_loyalty(request: Request) -> AbstractLoyalty:
    return request.app.state.storefront.loyalty


async def get_notifications(request: Request) -> AbstractNotifications:
    return request.app.state.storefront.notifications


async def get_orders(request: Request) -> AbstractOrders:
    return request.app.state.storefront.orders


async def get_settings(request: Request) -> StorefrontSettings:
    return request.app.state.storefront.settings


async def get_customer_id(request: Request) -> str | None:
    """The customer signed in in this browser, or ``None`` for a guest."""
    return current_customer(request)


Catalog = Annotated[AbstractCatalog, Depends(get_catalog)]
Customers = Annotated[AbstractCustomers, Depends(get_customers)]
Loyalty = Annotated[AbstractLoyalty, Depends(get_loyalty)]
Notifications = Annotated[AbstractNotifications, Depends(get_notifications)]
Orders = Annotated[AbstractOrders, Depends(get_orders)]
Settings = Annotated[StorefrontSettings, Depends(get_settings)]
CustomerId = Annotated[str | None, Depends(get_customer_id)]
