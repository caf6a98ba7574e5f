"""What the storefront's pages need from the services behind them."""

from __future__ import annotations

import abc

from musiccorp.storefront.domain.customers import CustomerView, MailView, Registration
from musiccorp.storefront.domain.model import AlbumDetail, Listing


class AbstractCatalog(abc.ABC):
    """The catalogue as the shop sees it. Raises ``CatalogUnavailable`` when it cannot answer."""

    @abc.abstractmethod
    async def featured(self, *, count: int) -> Listing: ...

    @abc.abstractmethod
    async def browse(self, *, text: str | None, genre: str | None, page: int, size: int) -> Listing: ...

    @abc.abstractmethod
    async def album(self, album_id: str) -> AlbumDetail:
        """Raises ``AlbumMissing`` when the catalog has no such album."""


class AbstractCustomers(abc.ABC):
    """Raises ``ServiceUnavailable("customers")`` when it cannot answer."""

    @abc.abstractmethod
    async def register(self, registration: Registration) -> str:
        """The new customer's id; raises ``EmailTaken`` or ``InvalidRegistration``."""

    @abc.abstractmethod
    async def customer(self, customer_id: str) -> CustomerView | None: ...


class AbstractLoyalty(abc.ABC):
    @abc.abstractmethod
    async def points(self, customer_id: str) -> int | None:
        """The balance, or ``None`` while the account is not open yet."""


class AbstractNotifications(abc.ABC):
    @abc.abstractmethod
    async def mails(self, customer_id: str) -> list[MailView]: ...
