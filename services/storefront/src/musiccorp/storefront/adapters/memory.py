"""In-memory stand-ins for the services behind the shop: for tests of the pages, and running without them.

- :class:`FakeCatalog` — the catalog, which can be switched off to test degradation;
- :class:`FakeCustomers`, :class:`FakeLoyalty`, :class:`FakeNotifications` — the account pages' services;
- :class:`FakeOrders` — carts and orders. It keeps the promises of ADR 0006 that
  the pages rely on: carts priced from the catalog, one order per idempotency
  key (the same key with another order is refused), placing an order empties
  the cart, and a long poll answers as soon as the order changes. ``script`` lets
  a test drive an order's life without sleeping: each time the storefront waits
  on an order, the next scripted step happens (a status), or the wait passes
  without a change (``None``).
"""

from __future__ import annotations

import asyncio
import math
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from musiccorp.storefront.domain.cart import Cart, CartLine
from musiccorp.storefront.domain.commands import PlaceOrder
from musiccorp.storefront.domain.customers import CustomerView, MailView, PostalAddress, Registration
from musiccorp.storefront.domain.errors import (
    AlbumMissing,
    CatalogUnavailable,
    EmailTaken,
    InvalidRegistration,
    OrderRefused,
    ServiceUnavailable,
)
from musiccorp.storefront.domain.model import AlbumCard, AlbumDetail, Listing
from musiccorp.storefront.domain.orders import Order, OrderLine, StatusChange
from musiccorp.storefront.service_layer.ports import (
    AbstractCatalog,
    AbstractCustomers,
    AbstractLoyalty,
    AbstractNotifications,
    AbstractOrders,
)


class FakeCatalog(AbstractCatalog):
    def __init__(self, albums: list[AlbumDetail] = (), *, featured: list[str] = ()) -> None:
        self.albums = {album.card.id: album for album in albums}
        self.featured_ids = list(featured)
        self.available = True

    def _check(self) -> None:
        if not self.available:
            raise CatalogUnavailable("catalog switched off by the test")

    @staticmethod
    def _page(cards: list[AlbumCard], page: int, size: int) -> Listing:
        return Listing(albums=tuple(cards[(page - 1) * size: page * size]), page=page,
                       pages=max(1, math.ceil(len(cards) / size)), total=len(cards))

    async def featured(self, *, count: int) -> Listing:
        self._check()
        return self._page([self.albums[i].card for i in self.featured_ids], 1, count)

    async def browse(self, *, text: str | None, genre: str | None, page: int, size: int) -> Listing:
        self._check()
        needle = (text or "").casefold()
        cards = [a.card for a in self.albums.values()
                 if (not needle or needle in a.card.title.casefold() or needle in a.card.artist_name.casefold())
                 and (not genre or a.card.genre == genre)]
        return self._page(cards, page, size)

    async def album(self, album_id: str) -> AlbumDetail:
        self._check()
        if album_id not in self.albums:
            raise AlbumMissing(album_id)
        return self.albums[album_id]


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


_EPOCH = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


class FakeOrders(AbstractOrders):
    def __init__(self, catalog: AbstractCatalog) -> None:
        self._catalog = catalog
        self.available = True
        self.carts: dict[str, dict[str, int]] = {}
        self.orders: dict[str, Order] = {}
        self.placed: list[tuple[str, PlaceOrder]] = []
        """Every order request received, with its key, in order: exactly what the storefront sent."""
        self.script: dict[str, list[str | None]] = {}
        self.hold_waits = False
        """When true, a long poll with nothing to report waits until it is cancelled (a client went away)."""
        self.waits_cancelled = 0
        self._keys: dict[str, tuple[PlaceOrder, str]] = {}
        self._clock = 0

    def _check(self) -> None:
        if not self.available:
            raise ServiceUnavailable("orders", "switched off by the test")

    def _tick(self) -> str:
        self._clock += 1
        return (_EPOCH + timedelta(minutes=self._clock)).isoformat()

    async def _line(self, album_id: str, quantity: int) -> CartLine:
        try:
            album = await self._catalog.album(album_id)
        except CatalogUnavailable as exc:
            raise ServiceUnavailable("orders", "its catalog is unavailable") from exc
        price = album.card.price
        return CartLine(album_id=album_id, title=album.card.title, artist=album.card.artist_name, unit_price=price,
                        quantity=quantity, line_total=price * quantity)

    async def _priced(self, customer_id: str) -> Cart:
        """The cart priced now; an album the catalog no longer has leaves it."""
        items = self.carts.get(customer_id, {})
        lines = []
        for album_id, quantity in list(items.items()):
            try:
                lines.append(await self._line(album_id, quantity))
            except AlbumMissing:
                del items[album_id]
        return Cart.priced(lines)

    async def cart(self, customer_id: str) -> Cart:
        self._check()
        return await self._priced(customer_id)

    async def set_quantity(self, customer_id: str, album_id: str, quantity: int) -> Cart:
        self._check()
        if not 1 <= quantity <= 10:
            raise ValueError(f"quantity {quantity} is outside 1..10: orders would answer 422")
        await self._line(album_id, quantity)  # raises AlbumMissing, as orders answers 422
        self.carts.setdefault(customer_id, {})[album_id] = quantity
        return await self._priced(customer_id)

    async def remove(self, customer_id: str, album_id: str) -> Cart:
        self._check()
        self.carts.get(customer_id, {}).pop(album_id, None)
        return await self._priced(customer_id)

    async def place(self, order: PlaceOrder, *, idempotency_key: str) -> str:
        self._check()
        self.placed.append((idempotency_key, order))
        if idempotency_key in self._keys:
            first, order_id = self._keys[idempotency_key]
            if first != order:
                raise OrderRefused("This key was used for another order.", key_reused=True)
            return order_id
        try:
            lines = [await self._line(line.album_id, line.quantity) for line in order.lines]
        except AlbumMissing as exc:
            raise OrderRefused(f"We no longer sell album {exc.album_id}.") from exc
        cart = Cart.priced(lines)
        order_id = str(uuid.uuid4())
        at = self._tick()
        self.orders[order_id] = Order(
            id=order_id, customer_id=order.customer_id, status="placed", version=1, total=cart.total,
            placed_at=at, history=(StatusChange("placed", at),), shipping_address=order.shipping_address,
            lines=tuple(OrderLine(album_id=line.album_id, title=line.title, quantity=line.quantity,
                                  unit_price=line.unit_price, line_total=line.line_total) for line in lines))
        self._keys[idempotency_key] = (order, order_id)
        self.carts.pop(order.customer_id, None)
        return order_id

    def advance(self, order_id: str, status: str, *, reason: str | None = None) -> Order:
        """Move the order on as the saga would: a new status, a new version, a line in its history."""
        order = self.orders[order_id]
        at = self._tick()
        self.orders[order_id] = order = replace(
            order, status=status, version=order.version + 1, history=(*order.history, StatusChange(status, at)),
            tracking_number="MC-TRACK-0001" if status == "shipped" else order.tracking_number,
            cancellation_reason=reason if status == "cancelled" else order.cancellation_reason)
        return order

    async def order(self, order_id: str, *, wait: float | None = None, version_gt: int | None = None) -> Order | None:
        self._check()
        order = self.orders.get(order_id)
        if order is None or wait is None or order.version > (version_gt or 0):
            return order
        steps = self.script.get(order_id)
        if steps:
            step = steps.pop(0)
            return self.advance(order_id, step) if step is not None else order
        if self.hold_waits:
            try:
                await asyncio.Event().wait()
            except asyncio.CancelledError:
                self.waits_cancelled += 1
                raise
        return order

    async def orders_of(self, customer_id: str) -> list[Order]:
        self._check()
        mine = [order for order in self.orders.values() if order.customer_id == customer_id]
        return sorted(mine, key=lambda order: order.placed_at, reverse=True)
