"""Orders and carts on real databases: what is written reads back the same, and moves commit with their events."""

from datetime import UTC, datetime, timedelta

import pytest

from musiccorp.chassis.testing import outbox_rows
from musiccorp.orders.domain.cart import CartItem
from musiccorp.orders.domain.errors import ConcurrentChange
from musiccorp.orders.domain.model import Status
from musiccorp.orders.domain.money import Money

LATER = datetime(2026, 11, 25, 10, 5, tzinfo=UTC)


async def test_an_order_reads_back_with_lines_address_and_history(unit_of_work, make_order, blue_river, night_train):
    """Every field survives the round trip, moments in UTC."""
    order = make_order(lines=((blue_river, 2), (night_train, 1)))
    async with unit_of_work() as uow:
        await uow.orders.add(order)
        await uow.commit()
    async with unit_of_work() as uow:
        stored = await uow.orders.get(order.id)
    assert (stored.lines, stored.shipping_address, stored.card_token) == (order.lines, order.shipping_address,
                                                                          "tok_visa")
    assert (stored.total.amount, stored.placed_at, stored.history) == ("32.48", order.placed_at, order.history)


async def test_a_move_stores_state_history_and_its_event_together(database, unit_of_work, make_order):
    """Saving a moved order bumps the stored version, appends history, and records the event in the outbox."""
    order = make_order()
    async with unit_of_work() as uow:
        await uow.orders.add(order)
        await uow.commit()
    order.advance(Status.STOCK_RESERVED, at=LATER)
    async with unit_of_work() as uow:
        await uow.orders.save(order)
        await uow.commit()
    async with unit_of_work() as uow:
        stored = await uow.orders.get(order.id)
        version = await uow.orders.version_of(order.id)
    assert (stored.status, version, [e.status for e in stored.history]) == (
        Status.STOCK_RESERVED, 2, [Status.PLACED, Status.STOCK_RESERVED])
    assert [row.type for row in await outbox_rows(database.engine)] == ["orders.order.placed.v1",
                                                                        "orders.order.stock_reserved.v1"]


async def test_a_move_from_a_stale_reading_is_refused(database, unit_of_work, make_order):
    """Two moves from the same reading: the second raises ConcurrentChange and records no event."""
    order = make_order()
    async with unit_of_work() as uow:
        await uow.orders.add(order)
        await uow.commit()
    async with unit_of_work() as uow:
        first, second = await uow.orders.get(order.id), await uow.orders.get(order.id)
    first.advance(Status.STOCK_RESERVED, at=LATER)
    second.cancel("changed my mind", at=LATER)
    async with unit_of_work() as uow:
        await uow.orders.save(first)
        await uow.commit()
    with pytest.raises(ConcurrentChange):
        async with unit_of_work() as uow:
            await uow.orders.save(second)
            await uow.commit()
    assert len(await outbox_rows(database.engine)) == 2


async def test_a_customers_orders_come_newest_first(unit_of_work, make_order, customer_id):
    """for_customer orders by placing time, newest first, and respects the limit."""
    for minutes in (0, 2, 1):
        order = make_order(f"00000000-0000-4000-8000-00000000000{minutes}")
        order.placed_at += timedelta(minutes=minutes)
        async with unit_of_work() as uow:
            await uow.orders.add(order)
            await uow.commit()
    async with unit_of_work() as uow:
        newest = await uow.orders.for_customer(customer_id, limit=2)
        assert await uow.orders.for_customer("someone-else", limit=50) == []
    assert [o.id[-1] for o in newest] == ["2", "1"]


async def test_a_cart_item_put_again_is_replaced_in_its_place(unit_of_work):
    """The upsert replaces quantity and price but keeps when the album was first added."""
    def item(album_id: str, quantity: int, price: int = 999) -> CartItem:
        return CartItem(album_id=album_id, title=album_id.title(), artist="Artist", unit_price=Money(price),
                        quantity=quantity)

    async with unit_of_work() as uow:
        await uow.carts.put("c-1", item("first", 1), at=LATER)
        await uow.carts.put("c-1", item("second", 1), at=LATER + timedelta(seconds=1))
        await uow.carts.put("c-1", item("first", 4, 1099), at=LATER + timedelta(seconds=2))
        await uow.carts.put("c-2", item("first", 1), at=LATER)
        await uow.commit()
    async with unit_of_work() as uow:
        cart = await uow.carts.get("c-1")
        await uow.carts.clear("c-1")
        await uow.commit()
    assert [(i.album_id, i.quantity, i.unit_price.amount) for i in cart.items] == [("first", 4, "10.99"),
                                                                                  ("second", 1, "9.99")]
    async with unit_of_work() as uow:
        assert (await uow.carts.get("c-1")).items == ()
        assert len((await uow.carts.get("c-2")).items) == 1
