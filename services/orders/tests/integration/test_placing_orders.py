"""Placing orders on SQLite and PostgreSQL: once per Idempotency-Key, even when requests race (practice 4.15)."""

import asyncio
import json
from datetime import UTC, datetime

import pytest

from musiccorp.chassis.testing import outbox_rows
from musiccorp.orders.adapters.tables import cart_items, idempotency_keys, order_lines, orders, sagas
from musiccorp.orders.domain.commands import LineRequest, PlaceOrder, PutCartItem
from musiccorp.orders.domain.errors import IdempotencyKeyReused
from musiccorp.orders.domain.model import Order
from musiccorp.orders.domain.saga import Saga
from musiccorp.orders.service_layer import handlers


def clock() -> datetime:
    return datetime.now(UTC)


@pytest.fixture
def runner():
    class Starter:
        def __init__(self) -> None:
            self.orders: list[str] = []

        def lease(self):
            return None

        def started(self, order: Order, saga: Saga) -> None:
            self.orders.append(order.id)

    return Starter()


@pytest.fixture
def place(unit_of_work, catalog, runner, customer_id, address, blue_river):
    async def place(key: str, *, card_token: str = "tok_visa"):
        command = PlaceOrder(idempotency_key=key, fingerprint=f"fp-{card_token}", customer_id=customer_id,
                             lines=(LineRequest(blue_river.id, 2),), card_token=card_token,
                             shipping_address=address, correlation_id="journey-1")
        return await handlers.place_order(command, uow=unit_of_work(), catalog=catalog, sagas=runner, clock=clock)

    return place


async def test_placing_writes_order_saga_history_key_event_and_empties_the_cart_together(
        database, unit_of_work, catalog, place, count, customer_id, blue_river, notified):
    """One placement: one row in each table, the placed event in the outbox, the cart emptied, the relay woken."""
    await handlers.put_cart_item(PutCartItem(customer_id, blue_river.id, 2), uow=unit_of_work(), catalog=catalog,
                                 clock=clock)
    order = (await place("key-1")).order
    for table in (orders, order_lines, sagas, idempotency_keys):
        assert await count(database, table) == 1, table.name
    assert await count(database, cart_items) == 0
    [row] = await outbox_rows(database.engine)
    assert (row.type, row.subject) == ("orders.order.placed.v1", order.id)
    assert json.loads(row.body)["data"]["total"] == {"amount": "19.98", "currency": "GBP"}
    async with unit_of_work() as uow:
        saga = await uow.sagas.get(order.id)
        stored = await uow.orders.get(order.id)
    assert (saga.action, saga.correlation_id) == ("reserve_stock", "journey-1")
    assert (stored.total.amount, stored.lines, stored.shipping_address) == ("19.98", order.lines,
                                                                             order.shipping_address)
    assert notified == ["outbox"]


async def test_the_same_key_twice_places_one_order(database, place, count, runner):
    """The second request with the key answers the first order; one order, one saga, one placed event."""
    first = await place("key-1")
    again = await place("key-1")
    assert (first.created, again.created, again.order.id) == (True, False, first.order.id)
    assert (await count(database, orders), await count(database, sagas)) == (1, 1)
    assert [row.type for row in await outbox_rows(database.engine)] == ["orders.order.placed.v1"]
    assert runner.orders == [first.order.id]


async def test_concurrent_requests_with_one_key_place_one_order(database, place, count, runner):
    """Eight requests racing with one key: the unique key row decides; the losers replay the winner's order."""
    placements = await asyncio.gather(*(place("key-1") for _ in range(8)))
    assert len({placement.order.id for placement in placements}) == 1
    assert sum(placement.created for placement in placements) == 1
    assert (await count(database, orders), await count(database, sagas), await count(database, idempotency_keys)) == (
        1, 1, 1)
    assert [row.type for row in await outbox_rows(database.engine)] == ["orders.order.placed.v1"]
    assert len(runner.orders) == 1


async def test_the_same_key_with_another_request_is_refused(database, place, count):
    """A key reused for a different request raises IdempotencyKeyReused; still one order."""
    await place("key-1")
    with pytest.raises(IdempotencyKeyReused):
        await place("key-1", card_token="tok_other")
    assert await count(database, orders) == 1


async def test_a_placement_that_fails_midway_leaves_nothing(database, unit_of_work, catalog, count, customer_id,
                                                            address, blue_river):
    """The saga cannot be stored: the order, its history, the key and the event roll back; the cart stays."""
    await handlers.put_cart_item(PutCartItem(customer_id, blue_river.id, 1), uow=unit_of_work(), catalog=catalog,
                                 clock=clock)

    class BrokenRunner:
        def lease(self):
            raise RuntimeError("the saga cannot be leased")  # fails after the key and the order were written

        def started(self, order, saga):
            raise AssertionError("never started")

    command = PlaceOrder(idempotency_key="key-1", fingerprint="fp", customer_id=customer_id,
                         lines=(LineRequest(blue_river.id, 1),), card_token="tok_visa", shipping_address=address)
    with pytest.raises(RuntimeError):
        await handlers.place_order(command, uow=unit_of_work(), catalog=catalog, sagas=BrokenRunner(), clock=clock)
    for table in (orders, order_lines, sagas, idempotency_keys):
        assert await count(database, table) == 0, table.name
    assert await outbox_rows(database.engine) == []
    assert await count(database, cart_items) == 1
