"""In-memory fakes of the notification ports, for unit tests."""

from __future__ import annotations

from musiccorp.notifications.domain.errors import CustomerUnavailable, MailNotDelivered, OrderUnavailable
from musiccorp.notifications.domain.model import Contact, Mail, MailStatus
from musiccorp.notifications.domain.orders import Order
from musiccorp.notifications.service_layer.ports import (
    AbstractCustomerDirectory,
    AbstractMailer,
    AbstractMailRepository,
    AbstractOrderDirectory,
)


class InMemoryMailRepository(AbstractMailRepository):
    def __init__(self) -> None:
        self.mails: dict[str, Mail] = {}

    async def add(self, mail: Mail) -> None:
        self.mails[mail.id] = mail

    async def about(self, about: str) -> Mail | None:
        return next((m for m in self.mails.values() if m.about == about), None)

    async def pending(self, *, limit: int) -> list[Mail]:
        return [m for m in self.mails.values() if m.status is MailStatus.PENDING][:limit]

    async def save(self, mail: Mail) -> None:
        self.mails[mail.id] = mail

    async def for_customer(self, customer_id: str) -> list[Mail]:
        return [m for m in self.mails.values() if m.customer_id == customer_id]


class FakeCustomerDirectory(AbstractCustomerDirectory):
    def __init__(self, contacts: dict[str, Contact] | None = None) -> None:
        self.contacts = contacts or {}
        self.lookups: list[str] = []

    async def contact(self, customer_uri: str) -> Contact:
        self.lookups.append(customer_uri)
        if customer_uri not in self.contacts:
            raise CustomerUnavailable(customer_uri)
        return self.contacts[customer_uri]


class FakeOrderDirectory(AbstractOrderDirectory):
    def __init__(self, orders: dict[str, Order] | None = None) -> None:
        self.orders = orders or {}
        self.lookups: list[str] = []

    async def order(self, order_uri: str) -> Order:
        self.lookups.append(order_uri)
        if order_uri not in self.orders:
            raise OrderUnavailable(order_uri)
        return self.orders[order_uri]


class FakeMailer(AbstractMailer):
    def __init__(self) -> None:
        self.sent: list[Mail] = []
        self.refusing = False

    async def send(self, mail: Mail) -> None:
        if self.refusing:
            raise MailNotDelivered("relay refused (fake)")
        self.sent.append(mail)
