"""In-memory customers, loyalty and notifications for tests of the account pages."""

from __future__ import annotations

import uuid

from musiccorp.storefront.domain.customers import CustomerView, MailView, PostalAddress, Registration
from musiccorp.storefront.domain.errors import EmailTaken, InvalidRegistration, ServiceUnavailable
from musiccorp.storefront.service_layer.ports import AbstractCustomers, AbstractLoyalty, AbstractNotifications


class _Switch:
    service = ""

    def __init__(self) -> None:
        self.available = True

    def _check(self) -> None:
        if not self.available:
            raise ServiceUnavailable(self.service, "switched off by the test")


class FakeCustomers(_Switch, AbstractCustomers):
    service = "customers"

    def __init__(self) -> None:
        super().__init__()
        self.customers: dict[str, CustomerView] = {}

    async def register(self, registration: Registration) -> str:
        self._check()
        if not registration.name.strip():
            raise InvalidRegistration({"name": "must not be empty"})
        if any(c.email == registration.email.lower() for c in self.customers.values()):
            raise EmailTaken(registration.email)
        customer_id = str(uuid.uuid4())
        self.customers[customer_id] = CustomerView(
            id=customer_id, name=registration.name, email=registration.email.lower(),
            address=PostalAddress(line1=registration.line1, line2=registration.line2, city=registration.city,
                                  postcode=registration.postcode, country=registration.country),
            status="active")
        return customer_id

    async def customer(self, customer_id: str) -> CustomerView | None:
        self._check()
        return self.customers.get(customer_id)

    async def with_email(self, email: str) -> CustomerView | None:
        self._check()
        return next((c for c in self.customers.values() if c.email == email.lower()), None)


class FakeLoyalty(_Switch, AbstractLoyalty):
    service = "loyalty"

    def __init__(self) -> None:
        super().__init__()
        self.balances: dict[str, int] = {}

    async def points(self, customer_id: str) -> int | None:
        self._check()
        return self.balances.get(customer_id)


class FakeNotifications(_Switch, AbstractNotifications):
    service = "notifications"

    def __init__(self) -> None:
        super().__init__()
        self.sent: dict[str, list[MailView]] = {}

    async def mails(self, customer_id: str) -> list[MailView]:
        self._check()
        return self.sent.get(customer_id, [])
