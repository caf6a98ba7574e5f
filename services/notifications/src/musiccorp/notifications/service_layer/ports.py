"""What the notification use cases need from the outside world."""

from __future__ import annotations

import abc

from musiccorp.notifications.domain.model import Contact, Mail
from musiccorp.notifications.domain.orders import Order


class AbstractCustomerDirectory(abc.ABC):
    @abc.abstractmethod
    async def contact(self, customer_uri: str) -> Contact:
        """The customer's name and address now; raises ``CustomerUnavailable``."""


class AbstractOrderDirectory(abc.ABC):
    @abc.abstractmethod
    async def order(self, order_uri: str) -> Order:
        """The order as it is now; raises ``OrderUnavailable``."""


class AbstractMailRepository(abc.ABC):
    @abc.abstractmethod
    async def add(self, mail: Mail) -> None: ...

    @abc.abstractmethod
    async def about(self, about: str) -> Mail | None:
        """The mail about ``about`` (a welcome, an order's confirmation, ...), if one was recorded."""

    @abc.abstractmethod
    async def pending(self, *, limit: int) -> list[Mail]: ...

    @abc.abstractmethod
    async def save(self, mail: Mail) -> None: ...

    @abc.abstractmethod
    async def for_customer(self, customer_id: str) -> list[Mail]: ...


class AbstractMailer(abc.ABC):
    @abc.abstractmethod
    async def send(self, mail: Mail) -> None:
        """Hand the mail to the relay; raises ``MailNotDelivered``."""
