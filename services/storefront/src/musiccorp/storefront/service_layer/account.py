"""Registering, and the account page composed from three services at once (practice 4.10).

The page asks customers, loyalty and notifications concurrently and shows what
came back; a service that does not answer costs its own panel, never the page.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from musiccorp.storefront.domain.customers import CustomerView, MailView, Registration
from musiccorp.storefront.domain.errors import ServiceUnavailable
from musiccorp.storefront.service_layer.pages import PageView
from musiccorp.storefront.service_layer.ports import AbstractCustomers, AbstractLoyalty, AbstractNotifications


@dataclass(frozen=True)
class AccountView(PageView):
    customer: CustomerView | None = None
    points: int | None = None
    mails: tuple[MailView, ...] | None = None

    @property
    def settled(self) -> bool:
        """Nothing is still on its way: the loyalty account is open and the welcome mail has gone."""
        return self.points is not None and bool(self.mails) and all(m.arrived for m in self.mails)


async def register(registration: Registration, *, customers: AbstractCustomers) -> str:
    return await customers.register(registration)


async def account(customer_id: str, *, customers: AbstractCustomers, loyalty: AbstractLoyalty,
                  notifications: AbstractNotifications) -> AccountView:
    customer, points, mails = await asyncio.gather(
        customers.customer(customer_id), loyalty.points(customer_id), notifications.mails(customer_id),
        return_exceptions=True)
    degraded = tuple(result.service for result in (customer, points, mails) if isinstance(result, ServiceUnavailable))
    for result in (customer, points, mails):
        if isinstance(result, BaseException) and not isinstance(result, ServiceUnavailable):
            raise result
    return AccountView(
        degraded=degraded,
        customer=None if isinstance(customer, ServiceUnavailable) else customer,
        points=None if isinstance(points, ServiceUnavailable) else points,
        mails=None if isinstance(mails, ServiceUnavailable) else tuple(mails),
    )
