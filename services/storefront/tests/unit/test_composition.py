"""The account page asks its three services at once (practice 4.10): concurrently, not one after another."""

from __future__ import annotations

import asyncio

from musiccorp.storefront.adapters.memory import FakeCustomers, FakeLoyalty, FakeNotifications
from musiccorp.storefront.domain.customers import CustomerView, PostalAddress
from musiccorp.storefront.service_layer.account import account

NINA = CustomerView(id="c-1", name="Nina Valdés", email="nina@example.com", status="active",
                    address=PostalAddress(line1="1 Quay", city="Bristol", postcode="BS1 4DJ", country="GB"))


class _Meeting:
    """Fakes whose answers wait until all three calls are in flight: asked one after another, the first would
    wait for the others for ever."""

    def __init__(self) -> None:
        self.all_asked = asyncio.Barrier(3)


class _MeetingCustomers(FakeCustomers):
    def __init__(self, meeting: _Meeting) -> None:
        super().__init__()
        self._meeting = meeting

    async def customer(self, customer_id):
        await self._meeting.all_asked.wait()
        return await super().customer(customer_id)


class _MeetingLoyalty(FakeLoyalty):
    def __init__(self, meeting: _Meeting) -> None:
        super().__init__()
        self._meeting = meeting

    async def points(self, customer_id):
        await self._meeting.all_asked.wait()
        return await super().points(customer_id)


class _MeetingNotifications(FakeNotifications):
    def __init__(self, meeting: _Meeting) -> None:
        super().__init__()
        self._meeting = meeting

    async def mails(self, customer_id):
        await self._meeting.all_asked.wait()
        return await super().mails(customer_id)


async def test_the_account_page_asks_customers_loyalty_and_notifications_concurrently():
    """All three calls are in flight together; the page is composed from their answers."""
    meeting = _Meeting()
    loyalty = _MeetingLoyalty(meeting)
    loyalty.balances["c-1"] = 12
    customers = _MeetingCustomers(meeting)
    customers.customers["c-1"] = NINA
    view = await asyncio.wait_for(account("c-1", customers=customers, loyalty=loyalty,
                                          notifications=_MeetingNotifications(meeting)), timeout=5)
    assert (view.customer, view.points, view.mails, view.degraded) == (NINA, 12, (), ())


async def test_a_missing_service_costs_its_panel_not_the_page():
    """With loyalty down, the page still has the customer and the mails, and names what is missing."""
    customers, loyalty, notifications = FakeCustomers(), FakeLoyalty(), FakeNotifications()
    customers.customers["c-1"] = NINA
    loyalty.available = False
    view = await account("c-1", customers=customers, loyalty=loyalty, notifications=notifications)
    assert (view.customer, view.points, view.mails, view.degraded) == (NINA, None, (), ("loyalty",))
