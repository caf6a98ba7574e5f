"""What the notification use cases need from the outside world."""

from __future__ import annotations

import abc

from musiccorp.notifications.domain.model import Contact, Mail


class AbstractCustomerDirectory(abc.ABC):
    @abc.abstractmethod
    async def contact(self, customer_uri: str) -> Contact:
        """The customer's name and address now; raises ``CustomerUnavailable``."""


class AbstractMailRepository(abc.ABC):
    @abc.abstractmethod
    async def add(self, mail: Mail) -> None: ...

    @abc.abstractmethod
    async def for_event(self, event_id: str) -> Mail | None: ...

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
