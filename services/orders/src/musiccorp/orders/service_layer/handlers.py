"""The orders' use cases: the cart, placing an order exactly once, and reading orders (also by long-poll)."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from musiccorp.chassis.clock import Clock
from musiccorp.orders.domain.cart import Cart, CartItem
from musiccorp.orders.domain.commands import LineRequest, PlaceOrder, PutCartItem, RemoveCartItem
from musiccorp.orders.domain.errors import (
    DuplicateRequest,
    IdempotencyKeyReused,
    OrderNotFound,
    UnknownAlbum,
)
from musiccorp.orders.domain.model import Order, OrderLine, PricedAlbum, identifier
from musiccorp.orders.domain.saga import Saga
from musiccorp.orders.service_layer.changes import OrderChanges
from musiccorp.orders.service_layer.ports import AbstractUnitOfWork, Catalog, PriorRequest, SagaStarter


@dataclass(frozen=True, slots=True)
class Placement:
    """The order a placement refers to; ``created`` is false when the request was a replay of an earlier one."""

    order: Order
    created: bool


async def _priced(album_id: str, catalog: Catalog) -> PricedAlbum:
    album = await catalog.album(identifier(album_id, label="album_id"))
    if album is None:
        raise UnknownAlbum(album_id)
    return album


async def cart(customer_id: str, *, uow: AbstractUnitOfWork) -> Cart:
    async with uow:
        return await uow.carts.get(identifier(customer_id, label="customer_id"))


async def put_cart_item(command: PutCartItem, *, uow: AbstractUnitOfWork, catalog: Catalog, clock: Clock) -> Cart:
    """Set the quantity of an album in the cart, with its title, artist and price as the catalog has them now."""
    customer_id = identifier(command.customer_id, label="customer_id")
    album = await _priced(command.album_id, catalog)  # before the transaction: no lock is held across the network
    item = CartItem(album_id=album.id, title=album.title, artist=album.artist, unit_price=album.price,
                    quantity=command.quantity)
    async with uow:
        updated = (await uow.carts.get(customer_id)).with_item(item)
        await uow.carts.put(customer_id, item, at=clock())
        await uow.commit()
    return updated


async def remove_cart_item(command: RemoveCartItem, *, uow: AbstractUnitOfWork) -> Cart:
    customer_id = identifier(command.customer_id, label="customer_id")
    async with uow:
        current = await uow.carts.get(customer_id)
        await uow.carts.remove(customer_id, command.album_id)
        await uow.commit()
    return current.without(command.album_id)


async def place_order(command: PlaceOrder, *, uow: AbstractUnitOfWork, catalog: Catalog, sagas: SagaStarter,
                      clock: Clock) -> Placement:
    """Place the order once per Idempotency-Key, and hand its saga to the runner.

    The order, its saga, its first history entry, the key, the ``placed`` event
    and the emptied cart are one transaction. Prices come from the catalog now,
    asked before the transaction opens.
    """
    async with uow:
        prior = await uow.requests.find(command.idempotency_key)
    if prior is not None:
        return await _replay(prior, command, uow)
    albums = await _all_priced(command.lines, catalog)
    now = clock()
    order = Order.place(order_id=command.order_id, customer_id=command.customer_id,
                        lines=[_line(line, album) for line, album in zip(command.lines, albums, strict=True)],
                        shipping_address=command.shipping_address, card_token=command.card_token, at=now)
    saga = Saga(order.id, correlation_id=command.correlation_id)
    try:
        async with uow:
            # The key goes first: of two requests racing with one key, the database lets one insert it; the
            # other waits here until that one commits, fails, and replays its order instead of placing a twin.
            await uow.requests.add(command.idempotency_key, command.fingerprint, order.id)
            await uow.orders.add(order)
            await uow.sagas.add(saga, lease=sagas.lease(), due_at=now.timestamp())
            await uow.carts.clear(order.customer_id)
            await uow.commit()
    except DuplicateRequest:
        async with uow:
            prior = await uow.requests.find(command.idempotency_key)
        if prior is None:  # the twin that held the key rolled back after all: this request may try again
            raise
        return await _replay(prior, command, uow)
    sagas.started(order, saga)
    return Placement(order, created=True)


async def _all_priced(lines: tuple[LineRequest, ...], catalog: Catalog) -> list[PricedAlbum]:
    """Every line's album, asked of the catalog at once; the first refusal or failure is raised."""
    answers = await asyncio.gather(*(_priced(line.album_id, catalog) for line in lines), return_exceptions=True)
    for answer in answers:
        if isinstance(answer, BaseException):
            raise answer
    return answers  # type: ignore[return-value]


def _line(request: LineRequest, album: PricedAlbum) -> OrderLine:
    return OrderLine(album_id=album.id, title=album.title, quantity=request.quantity, unit_price=album.price)


async def _replay(prior: PriorRequest, command: PlaceOrder, uow: AbstractUnitOfWork) -> Placement:
    if prior.fingerprint != command.fingerprint:
        raise IdempotencyKeyReused(command.idempotency_key)
    return Placement(await find_order(prior.order_id, uow=uow), created=False)


async def find_order(order_id: str, *, uow: AbstractUnitOfWork) -> Order:
    async with uow:
        order = await uow.orders.get(order_id)
    if order is None:
        raise OrderNotFound(order_id)
    return order


async def watch_order(order_id: str, *, version_gt: int, wait: float, uow: AbstractUnitOfWork,
                      changes: OrderChanges, recheck: float = 1.0) -> Order:
    """The order as soon as its version passes ``version_gt``, or as it is after ``wait`` seconds.

    A move made by this process wakes the wait at once; one made by another
    instance is seen at the next re-read of the version, every ``recheck`` seconds.
    """
    deadline = time.monotonic() + wait
    while True:
        moved = changes.listen(order_id)
        async with uow:
            version = await uow.orders.version_of(order_id)
        if version is None:
            raise OrderNotFound(order_id)
        remaining = deadline - time.monotonic()
        if version > version_gt or remaining <= 0:
            return await find_order(order_id, uow=uow)
        await changes.wait(moved, timeout=min(recheck, remaining))


async def orders_of(customer_id: str, *, uow: AbstractUnitOfWork, limit: int) -> list[Order]:
    async with uow:
        return await uow.orders.for_customer(identifier(customer_id, label="customer_id"), limit=limit)
