"""Picking a confirmed order's lines: each line once, the order announced when its last line is picked."""

import pytest

from musiccorp.warehouse.adapters.memory import InMemoryPickRepository
from musiccorp.warehouse.domain.commands import PickLine
from musiccorp.warehouse.domain.errors import PickListNotFound
from musiccorp.warehouse.domain.events import OrderPicked
from musiccorp.warehouse.domain.picking import PickOutcome
from musiccorp.warehouse.service_layer import handlers


@pytest.fixture
def picks() -> InMemoryPickRepository:
    return InMemoryPickRepository({"order-1": 2})


async def test_the_last_line_picked_announces_the_order(picks):
    """Two lines: the first pick is PICKED, the second ORDER_PICKED with one OrderPicked announced."""
    first = await handlers.pick_line(PickLine("order-1", "a", 1, picker="p-1"), picks=picks)
    second = await handlers.pick_line(PickLine("order-1", "b", 2, picker="p-2"), picks=picks)
    assert (first, second) == (PickOutcome.PICKED, PickOutcome.ORDER_PICKED)
    assert picks.announced == [OrderPicked("order-1")]
    assert {key: pick.picker for key, pick in picks.picks.items()} == {("order-1", "a"): "p-1", ("order-1", "b"): "p-2"}


async def test_a_redelivered_job_picks_nothing_twice(picks):
    """The same line again — its first picker died before acknowledging — is ALREADY_PICKED and changes nothing."""
    await handlers.pick_line(PickLine("order-1", "a", 1, picker="p-1"), picks=picks)
    again = await handlers.pick_line(PickLine("order-1", "a", 1, picker="p-2"), picks=picks)
    assert again is PickOutcome.ALREADY_PICKED
    assert picks.picks[("order-1", "a")].picker == "p-1"
    assert picks.announced == []


async def test_a_job_for_an_order_never_confirmed_fails(picks):
    """No pick list: PickListNotFound, so the job is retried and then dead-lettered, not silently dropped."""
    with pytest.raises(PickListNotFound):
        await handlers.pick_line(PickLine("order-9", "a", 1, picker="p-1"), picks=picks)
