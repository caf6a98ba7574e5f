"""The StubServer and the pytest plugin's fixtures, as other suites will use them."""

import re

import aiohttp

from musiccorp.chassis.testing import StubServer


async def test_programmed_replies_are_used_in_order_with_times(stub_server):
    """A reply with ``times`` is used that often, then the next one for good."""
    stub_server.reply("GET", "/x", status=503, times=2)
    stub_server.reply("GET", "/x", json={"ok": True})
    async with aiohttp.ClientSession() as session:
        statuses = []
        for _ in range(4):
            async with session.get(stub_server.url + "/x") as response:
                statuses.append(response.status)
    assert statuses == [503, 503, 200, 200]


async def test_unprogrammed_route_answers_404_and_requests_are_recorded(stub_server):
    """Any route not programmed answers 404; every request is recorded with its query and body."""
    async with aiohttp.ClientSession() as session:
        async with session.post(stub_server.url + "/nowhere?a=1", data=b"hi") as response:
            assert response.status == 404
    recorded = (await stub_server.wait_for_requests(1))[0]
    assert (recorded.method, recorded.path, recorded.query["a"], recorded.body) == (
        "POST", "/nowhere", "1", b"hi")


async def test_closed_stub_refuses_connections():
    """After close, connecting fails as it would to a crashed downstream."""
    stub = await StubServer().start()
    url = stub.url
    await stub.close()
    async with aiohttp.ClientSession() as session:
        try:
            await session.get(url + "/x")
        except aiohttp.ClientConnectionError:
            return
    raise AssertionError("the closed stub answered")


def test_unique_name_is_a_valid_bucket_name(unique_name, request):
    """unique_name fits NATS bucket and subject rules and differs per test."""
    assert re.fullmatch(r"[A-Za-z0-9_-]+", unique_name)
    assert unique_name.startswith("test_unique_name")
