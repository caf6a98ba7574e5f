"""The use cases over the in-memory unit of work: carts, placing an order once, reading and watching orders."""

import asyncio
import dataclasses
from datetime import UTC, datetime

import pytest

from musiccorp.orders.domain.commands import LineRequest, PlaceOrder, PutCartItem, RemoveCartItem
from musiccorp.orders.domain.errors import (
    CatalogUnavailable,
    IdempotencyKeyReused,
    InvalidOrder,
    OrderNotFound,
    UnknownAlbum,
)
from musiccorp.orders.domain.model import Order, Status
from musiccorp.orders.domain.saga import Saga
from musiccorp.orders.service_layer import handlers
from musiccorp.orders.service_layer.changes import OrderChanges
from musiccorp.orders.service_layer.ports import Lease

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def clock() -> datetime:
    return NOW


@pytest.fixture
def starter():
    class Starter:
        def __init__(self) -> None:
            self.orders: list[str] = []

        def lease(self) -> Lease:
            return Lease("runner-1", NOW.timestamp() + 10)

        def started(self, order: Order, saga: Saga) -> None:
            self.orders.append(order.id)

    return Starter()


@pytest.fixture
def place(uow, catalog, starter, customer_id, address, blue_river):
    """Place an order: ``await place("key-1")``, ``await place("key-1", card_token="other")``."""

    async def place(key: str, *, card_token: str = "tok_visa", lines=None, fingerprint: str | None = None):
        lines = (LineRequest(blue_river.id, 2),) if lines is None else lines
        command = PlaceOrder(idempotency_key=key, fingerprint=fingerprint or f"{card_token}:{lines}",
                             customer_id=customer_id, lines=tuple(lines), card_token=card_token,
                             shipping_address=address)
        return await handlers.place_order(command, uow=uow, catalog=catalog, sagas=starter, clock=clock)

    return place


async def test_putting_an_album_in_the_cart_takes_title_artist_and_price_from_the_catalog(uow, catalog, blue_river):
    """The cart line carries the catalog's description and price, and is stored."""
    cart = await handlers.put_cart_item(PutCartItem("c-1", blue_river.id, 2), uow=uow, catalog=catalog, clock=clock)
    [item] = cart.items
    assert (item.title, item.artist, item.unit_price, item.quantity) == ("Blue River", "Nina Valdés",
                                                                         blue_river.price, 2)
    assert await handlers.cart("c-1", uow=uow) == cart


async def test_removing_an_album_leaves_the_rest(uow, catalog, blue_river, night_train):
    """DELETE of one item keeps the other; removing an absent one changes nothing."""
    for album in (blue_river, night_train):
        await handlers.put_cart_item(PutCartItem("c-1", album.id, 1), uow=uow, catalog=catalog, clock=clock)
    cart = await handlers.remove_cart_item(RemoveCartItem("c-1", blue_river.id), uow=uow)
    assert [item.album_id for item in cart.items] == [night_train.id]
    assert await handlers.remove_cart_item(RemoveCartItem("c-1", "gone"), uow=uow) == cart
    assert await handlers.cart("c-1", uow=uow) == cart


async def test_an_unknown_album_or_an_absent_catalog_changes_no_cart(uow, catalog, blue_river):
    """An album the catalog lacks raises UnknownAlbum; a catalog that cannot be asked, CatalogUnavailable."""
    with pytest.raises(UnknownAlbum):
        await handlers.put_cart_item(PutCartItem("c-1", "no-such-album", 1), uow=uow, catalog=catalog, clock=clock)
    catalog.available = False
    with pytest.raises(CatalogUnavailable):
        await handlers.put_cart_item(PutCartItem("c-1", blue_river.id, 1), uow=uow, catalog=catalog, clock=clock)
    assert (await handlers.cart("c-1", uow=uow)).items == ()


async def test_placing_an_order_prices_it_empties_the_cart_and_starts_its_saga(
        uow, catalog, place, starter, customer_id, blue_river):
    """One order at the catalog's price; the cart is empty; the saga is stored leased and handed to the runner."""
    await handlers.put_cart_item(PutCartItem(customer_id, blue_river.id, 2), uow=uow, catalog=catalog, clock=clock)
    placement = await place("key-1")
    order = placement.order
    assert placement.created and (order.status, order.version, order.total.amount) == (Status.PLACED, 1, "19.98")
    assert (await handlers.cart(customer_id, uow=uow)).items == ()
    assert [e.status for e in uow.published] == [Status.PLACED]
    assert uow.state.sagas[order.id].lease == starter.lease() and uow.state.sagas[order.id].saga.action == (
        "reserve_stock")
    assert starter.orders == [order.id]


async def test_the_same_key_and_request_again_answer_the_first_order(uow, place, starter):
    """A replay places nothing: the same order, created=False, no second event or saga."""
    first = await place("key-1")
    again = await place("key-1")
    assert (again.created, again.order.id) == (False, first.order.id)
    assert len(uow.state.orders) == len(uow.state.sagas) == len(uow.published) == 1
    assert starter.orders == [first.order.id]


async def test_the_same_key_with_another_request_is_refused(uow, place):
    """The key names the first request: another body raises IdempotencyKeyReused and places nothing."""
    await place("key-1")
    with pytest.raises(IdempotencyKeyReused):
        await place("key-1", card_token="tok_other")
    assert len(uow.state.orders) == 1


async def test_an_order_naming_an_unknown_album_is_refused_whole(uow, place, blue_river):
    """One unknown album refuses the order; nothing is stored, not even the key."""
    with pytest.raises(UnknownAlbum) as raised:
        await place("key-1", lines=(LineRequest(blue_river.id, 1), LineRequest("no-such-album", 1)))
    assert raised.value.album_id == "no-such-album"
    assert uow.state.orders == {} and uow.state.requests == {}


@pytest.mark.parametrize("lines", [(), tuple(LineRequest(f"album-{n}", 1) for n in range(21))])
async def test_an_order_without_lines_or_with_too_many_is_invalid(uow, catalog, place, lines):
    """No lines, or more than 20, raise InvalidOrder."""
    for line in lines:
        catalog.albums[line.album_id] = dataclasses.replace(next(iter(catalog.albums.values())), id=line.album_id)
    with pytest.raises(InvalidOrder):
        await place("key-1", lines=lines)
    assert uow.state.orders == {}


async def test_orders_are_found_by_id_and_listed_newest_first(uow, place, customer_id):
    """find_order reads one back; orders_of lists the customer's, newest first; an unknown id is not found."""
    first = (await place("key-1")).order
    uow.state.orders[first.id].placed_at = datetime(2026, 1, 1, tzinfo=UTC)
    second = (await place("key-2", card_token="tok_2")).order
    assert (await handlers.find_order(first.id, uow=uow)).id == first.id
    assert [o.id for o in await handlers.orders_of(customer_id, uow=uow, limit=50)] == [second.id, first.id]
    with pytest.raises(OrderNotFound):
        await handlers.find_order("no-such-order", uow=uow)


async def test_a_long_poll_answers_at_once_when_the_order_has_moved_already(uow, place):
    """version_gt below the current version: no waiting."""
    order = (await place("key-1")).order
    watched = await handlers.watch_order(order.id, version_gt=0, wait=30, uow=uow, changes=OrderChanges())
    assert watched.version == 1


async def test_a_long_poll_wakes_when_the_order_moves(uow, place):
    """A move announced in-process answers the waiting call before its recheck interval passes."""
    order = (await place("key-1")).order
    changes = OrderChanges()
    watching = asyncio.create_task(
        handlers.watch_order(order.id, version_gt=1, wait=30, uow=uow, changes=changes, recheck=30))
    await asyncio.sleep(0)  # let the watch read version 1 and wait
    uow.state.orders[order.id].version = 2
    changes.changed(order.id)
    async with asyncio.timeout(2):
        assert (await watching).version == 2


async def test_a_long_poll_sees_moves_made_elsewhere_by_rereading(uow, place):
    """A move no one announces (another instance made it) is found at the next re-read of the version."""
    order = (await place("key-1")).order
    watching = asyncio.create_task(
        handlers.watch_order(order.id, version_gt=1, wait=30, uow=uow, changes=OrderChanges(), recheck=0.01))
    await asyncio.sleep(0)
    uow.state.orders[order.id].version = 2
    async with asyncio.timeout(2):
        assert (await watching).version == 2


async def test_a_long_poll_gives_up_after_its_wait_with_the_order_as_it_is(uow, place):
    """Nothing moves: the call answers after ``wait`` with the current version."""
    order = (await place("key-1")).order
    watched = await handlers.watch_order(order.id, version_gt=1, wait=0.05, uow=uow, changes=OrderChanges(),
                                         recheck=0.01)
    assert watched.version == 1
