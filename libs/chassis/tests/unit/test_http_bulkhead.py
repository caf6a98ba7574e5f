"""The bulkhead: a bounded number of calls in flight and waiting, per downstream."""

import asyncio

import pytest

from musiccorp.chassis.discovery import Instance
from musiccorp.chassis.http import Bulkhead, BulkheadFull
from musiccorp.chassis.testing import eventually


async def test_bulkhead_rejects_calls_beyond_limit_and_queue(stub_server, registry, http_client):
    """With one call in flight and one queued, a third fails fast with BulkheadFull."""
    release = asyncio.Event()
    stub_server.reply("GET", "/v1/stock", gate=release)
    await registry.register(Instance(service="stock", instance_id="s1", url=stub_server.url))
    stock = http_client.for_service("stock", registry=registry, max_concurrent=1, max_queued=1)
    first = asyncio.create_task(stock.get("/v1/stock"))
    await stub_server.wait_for_requests(1)
    second = asyncio.create_task(stock.get("/v1/stock"))
    await eventually(lambda: stock.bulkhead.queued == 1, what="a queued call")
    with pytest.raises(BulkheadFull, match="^stock: "):
        await stock.get("/v1/stock")
    release.set()
    assert [r.status for r in await asyncio.gather(first, second)] == [200, 200]
    assert len(stub_server.requests) == 2


async def test_bulkhead_without_queue_rejects_at_once():
    """With max_queued=0, the call after the limit is rejected without waiting."""
    bulkhead = Bulkhead(downstream="stock", max_concurrent=1, max_queued=0)
    async with bulkhead:
        assert bulkhead.in_flight == 1
        with pytest.raises(BulkheadFull):
            async with bulkhead:
                pass
    assert bulkhead.in_flight == 0


async def test_queued_call_runs_when_a_slot_frees():
    """A queued call enters as soon as the call in flight leaves."""
    bulkhead = Bulkhead(downstream="stock", max_concurrent=1, max_queued=1)
    entered = asyncio.Event()

    async def queued():
        async with bulkhead:
            entered.set()

    async with bulkhead:
        task = asyncio.create_task(queued())
        await eventually(lambda: bulkhead.queued == 1)
        assert not entered.is_set()
    await asyncio.wait_for(entered.wait(), timeout=2)
    await task
