"""Retries: only when the call is safe to repeat, preferring another instance."""

import asyncio

import pytest

from musiccorp.chassis.discovery import Instance
from musiccorp.chassis.http import CallTimeout, ConnectionFailed
from musiccorp.chassis.testing import StubServer, free_port


async def _two_instances(registry, one, two):
    await registry.register(Instance(service="orders", instance_id="o1", url=one.url))
    await registry.register(Instance(service="orders", instance_id="o2", url=two.url))


async def test_post_is_never_retried(registry, http_client):
    """A POST answered 503 is returned after one request, though another instance exists."""
    async with StubServer() as one, StubServer() as two:
        for stub in (one, two):
            stub.reply("POST", "/v1/orders", status=503)
        await _two_instances(registry, one, two)
        response = await http_client.for_service("orders", registry=registry).post("/v1/orders", json={})
        assert response.status == 503
        assert len(one.requests) + len(two.requests) == 1


async def test_get_is_retried_and_succeeds_on_the_second_instance(registry, http_client):
    """A GET answered 503 by one instance is retried on the other, which answers 200."""
    async with StubServer() as one, StubServer() as two:
        one.reply("GET", "/v1/orders/1", status=503)
        two.reply("GET", "/v1/orders/1", json={"id": 1})
        await _two_instances(registry, one, two)
        response = await http_client.for_service("orders", registry=registry).get("/v1/orders/1")
        assert response.status == 200
        assert (len(one.requests), len(two.requests)) == (1, 1)


async def test_post_with_idempotency_key_is_retried(registry, http_client):
    """A POST that carries an Idempotency-Key is retried like an idempotent call."""
    async with StubServer() as one, StubServer() as two:
        one.reply("POST", "/v1/orders", status=502)
        two.reply("POST", "/v1/orders", status=201)
        await _two_instances(registry, one, two)
        orders = http_client.for_service("orders", registry=registry)
        response = await orders.post("/v1/orders", json={}, headers={"Idempotency-Key": "k-1"})
        assert response.status == 201
        assert two.requests[0].headers["Idempotency-Key"] == "k-1"


async def test_get_is_retried_after_a_connection_error(stub_server, registry, http_client):
    """A GET whose first instance refuses connections succeeds on the next one."""
    stub_server.reply("GET", "/v1/orders/1", json={"id": 1})
    await registry.register(Instance(service="orders", instance_id="dead", url=f"http://127.0.0.1:{free_port()}"))
    await registry.register(Instance(service="orders", instance_id="live", url=stub_server.url))
    response = await http_client.for_service("orders", registry=registry).get("/v1/orders/1")
    assert response.status == 200


async def test_get_is_retried_after_a_timeout(registry, http_client):
    """A GET that times out on one instance is answered by the other."""
    async with StubServer() as one, StubServer() as two:
        never = asyncio.Event()
        one.reply("GET", "/v1/orders/1", gate=never)
        two.reply("GET", "/v1/orders/1", json={"id": 1})
        await _two_instances(registry, one, two)
        orders = http_client.for_service("orders", registry=registry, timeout=0.2)
        assert (await orders.get("/v1/orders/1")).status == 200
        never.set()


async def test_500_is_not_retried(stub_server, registry, http_client):
    """A 500 (a bug, not an outage) is returned without a retry."""
    stub_server.reply("GET", "/v1/orders/1", status=500)
    await registry.register(Instance(service="orders", instance_id="o1", url=stub_server.url))
    response = await http_client.for_service("orders", registry=registry).get("/v1/orders/1")
    assert (response.status, len(stub_server.requests)) == (500, 1)


async def test_last_response_is_returned_when_retries_run_out(stub_server, registry, http_client):
    """With retries=2, a downstream that keeps answering 503 gets three requests; the 503 is returned."""
    stub_server.reply("GET", "/v1/orders/1", status=503)
    await registry.register(Instance(service="orders", instance_id="o1", url=stub_server.url))
    response = await http_client.for_service("orders", registry=registry, retries=2).get("/v1/orders/1")
    assert (response.status, len(stub_server.requests)) == (503, 3)


async def test_connection_error_is_raised_when_retries_run_out(registry, http_client):
    """When every attempt fails to connect, ConnectionFailed is raised, naming the downstream."""
    await registry.register(Instance(service="orders", instance_id="dead", url=f"http://127.0.0.1:{free_port()}"))
    with pytest.raises(ConnectionFailed, match="^orders: "):
        await http_client.for_service("orders", registry=registry).get("/v1/orders/1")


async def test_post_timeout_is_not_retried(registry, http_client):
    """A POST that times out raises CallTimeout after a single attempt."""
    async with StubServer() as one, StubServer() as two:
        never = asyncio.Event()
        for stub in (one, two):
            stub.reply("POST", "/v1/orders", gate=never)
        await _two_instances(registry, one, two)
        orders = http_client.for_service("orders", registry=registry, timeout=0.2)
        with pytest.raises(CallTimeout):
            await orders.post("/v1/orders", json={})
        assert len(one.requests) + len(two.requests) == 1
        never.set()
