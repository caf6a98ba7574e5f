"""The cart, wherever it is kept: a guest's in the browser's session, a customer's in orders.

The pages treat both alike (``show``, ``add``, ``change``, ``remove``, each
answering the cart as it now is). A guest's cart keeps only album ids and
quantities; every time it is shown, titles and prices are read fresh from the
catalog, so a guest never sees yesterday's price. When the guest signs in, the
lines move into the customer's cart in orders (:func:`merge_guest_cart`).
"""

from __future__ import annotations

import abc
import asyncio
from dataclasses import dataclass

from musiccorp.storefront.domain.cart import MAX_GUEST_LINES, Cart, CartLine, clamp_quantity
from musiccorp.storefront.domain.errors import AlbumMissing, CartFull
from musiccorp.storefront.service_layer.pages import PageView
from musiccorp.storefront.service_layer.ports import AbstractCatalog, AbstractOrders


class AbstractCart(abc.ABC):
    @abc.abstractmethod
    async def show(self) -> Cart: ...

    @abc.abstractmethod
    async def add(self, album_id: str) -> Cart:
        """One more of the album; raises ``AlbumMissing`` when the catalog has no such album."""

    @abc.abstractmethod
    async def change(self, album_id: str, quantity: int) -> Cart:
        """``quantity`` (1..10) of the album; raises ``AlbumMissing`` when the catalog has no such album."""

    @abc.abstractmethod
    async def remove(self, album_id: str) -> Cart: ...


class GuestCart(AbstractCart):
    """A guest's cart over ``lines`` (album id → quantity), which it changes in place for the caller to keep."""

    def __init__(self, lines: dict[str, int], *, catalog: AbstractCatalog) -> None:
        self.lines = lines
        self._catalog = catalog

    async def show(self) -> Cart:
        """Raises ``CatalogUnavailable``; an album the catalog no longer has leaves the cart."""
        ids = list(self.lines)
        albums = await asyncio.gather(*(self._catalog.album(album_id) for album_id in ids), return_exceptions=True)
        priced = []
        for album_id, album in zip(ids, albums, strict=True):
            if isinstance(album, AlbumMissing):
                del self.lines[album_id]
                continue
            if isinstance(album, BaseException):
                raise album
            quantity = self.lines[album_id]
            priced.append(CartLine(album_id=album_id, title=album.card.title, artist=album.card.artist_name,
                                   unit_price=album.card.price, quantity=quantity,
                                   line_total=album.card.price * quantity))
        return Cart.priced(priced)

    async def add(self, album_id: str) -> Cart:
        return await self.change(album_id, self.lines.get(album_id, 0) + 1)

    async def change(self, album_id: str, quantity: int) -> Cart:
        if album_id not in self.lines:
            if len(self.lines) >= MAX_GUEST_LINES:
                raise CartFull(f"a guest's cart holds at most {MAX_GUEST_LINES} albums")
            await self._catalog.album(album_id)
        self.lines[album_id] = clamp_quantity(quantity)
        return await self.show()

    async def remove(self, album_id: str) -> Cart:
        self.lines.pop(album_id, None)
        return await self.show()


class CustomerCart(AbstractCart):
    """A signed-in customer's cart, kept by orders (which prices it from the catalog)."""

    def __init__(self, customer_id: str, *, orders: AbstractOrders) -> None:
        self._customer_id = customer_id
        self._orders = orders

    async def show(self) -> Cart:
        return await self._orders.cart(self._customer_id)

    async def add(self, album_id: str) -> Cart:
        # Two calls, as the API sets a quantity rather than adding one: two tabs adding the same
        # album at the same instant may count it once. A cart is not worth a lock.
        cart = await self._orders.cart(self._customer_id)
        return await self.change(album_id, cart.quantity_of(album_id) + 1)

    async def change(self, album_id: str, quantity: int) -> Cart:
        return await self._orders.set_quantity(self._customer_id, album_id, clamp_quantity(quantity))

    async def remove(self, album_id: str) -> Cart:
        return await self._orders.remove(self._customer_id, album_id)


async def merge_guest_cart(guest: dict[str, int], customer_id: str, *, orders: AbstractOrders) -> Cart:
    """Move a guest's lines into the customer's cart; an album in both ends with the two quantities added.

    Each line leaves ``guest`` once orders holds it (an album the catalog no longer
    has is dropped). When orders stops answering, ``ServiceUnavailable`` is raised
    and the lines not yet moved stay in ``guest``, to be moved on a later visit:
    signing in never loses a cart.
    """
    cart = await orders.cart(customer_id)
    for album_id, quantity in list(guest.items()):
        together = clamp_quantity(cart.quantity_of(album_id) + quantity)
        try:
            cart = await orders.set_quantity(customer_id, album_id, together)
        except AlbumMissing:
            pass
        del guest[album_id]
    return cart


@dataclass(frozen=True)
class CartView(PageView):
    cart: Cart | None = None
    message: str = ""
