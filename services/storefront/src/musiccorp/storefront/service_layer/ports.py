"""What the storefront's pages need from the services behind them."""

from __future__ import annotations

import abc

from musiccorp.storefront.domain.cart import Cart
from musiccorp.storefront.domain.commands import PlaceOrder
from musiccorp.storefront.domain.customers import CustomerView, MailView, Registration
from musiccorp.storefront.domain.model import AlbumDetail, Listing
from musiccorp.storefront.domain.orders import Order


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

    @abc.abstractmethod
    async def with_email(self, email: str) -> CustomerView | None:
        """The customer registered with ``email`` (compared without regard to case), or ``None``."""


class AbstractLoyalty(abc.ABC):
    @abc.abstractmethod
    async def points(self, customer_id: str) -> int | None:
        """The balance, or ``None`` while the account is not open yet."""


class AbstractNotifications(abc.ABC):
    @abc.abstractmethod
    async def mails(self, customer_id: str) -> list[MailView]: ...


class AbstractOrders(abc.ABC):
    """Carts and orders, kept by the orders service. Raises ``ServiceUnavailable("orders")`` when it cannot answer."""

    @abc.abstractmethod
    async def cart(self, customer_id: str) -> Cart:
        """The customer's cart; a customer who never added anything has an empty one."""

    @abc.abstractmethod
    async def set_quantity(self, customer_id: str, album_id: str, quantity: int) -> Cart:
        """Put ``quantity`` of the album in the cart; raises ``AlbumMissing`` for an album the catalog lacks."""

    @abc.abstractmethod
    async def remove(self, customer_id: str, album_id: str) -> Cart: ...

    @abc.abstractmethod
    async def place(self, order: PlaceOrder, *, idempotency_key: str) -> str:
        """The id of the order placed; the same key and order again give the same id.

        Raises ``OrderRefused`` when orders refuses it (an album gone, the key reused for another order).
        """

    @abc.abstractmethod
    async def order(self, order_id: str, *, wait: float | None = None, version_gt: int | None = None) -> Order | None:
        """The order, or ``None``. With ``wait`` and ``version_gt`` it long-polls: it answers as soon as the
        order's version passes ``version_gt``, or after ``wait`` seconds with the order as it is."""

    @abc.abstractmethod
    async def orders_of(self, customer_id: str) -> list[Order]:
        """The customer's orders, newest first."""
