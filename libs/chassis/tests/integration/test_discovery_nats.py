"""NatsKvRegistry against a real nats-server: announcements, heartbeats, expiry, reconnects."""

import contextlib
import time

import nats
import orjson
import pytest

from musiccorp.chassis.discovery import Instance, NatsKvRegistry, ServiceNotFound
from musiccorp.chassis.discovery._codec import key_of
from musiccorp.chassis.testing import eventually, free_port, running_nats_server

A = Instance(service="catalog", instance_id="a", url="http://127.0.0.1:9001", version="1")
B = Instance(service="catalog", instance_id="b", url="http://127.0.0.1:9002", version="1")


async def _ids(registry, service="catalog"):
    try:
        return {instance.instance_id for instance in await registry.resolve(service)}
    except ServiceNotFound:
        return set()


async def _sees(registry, ids, *, within=10.0):
    async def holds():
        return await _ids(registry) == ids

    await eventually(holds, within=within, what=f"resolving exactly {sorted(ids)}")


@contextlib.asynccontextmanager
async def _registries(nats_url, bucket, count, **options):
    registries = [await NatsKvRegistry.connect(nats_url, bucket=bucket, **options) for _ in range(count)]
    try:
        yield registries
    finally:
        for registry in registries:
            await registry.close()


async def test_two_registered_instances_are_both_resolved(nats_url, unique_name):
    """Instances announced by two processes are both resolved by a third."""
    async with _registries(nats_url, unique_name, 3) as (one, two, observer):
        await one.register(A)
        await two.register(B)
        await _sees(observer, {"a", "b"})


async def test_deregister_removes_one_instance(nats_url, unique_name):
    """After one instance deregisters, only the other is resolved."""
    async with _registries(nats_url, unique_name, 3) as (one, two, observer):
        await one.register(A)
        await two.register(B)
        await _sees(observer, {"a", "b"})
        await one.deregister(A)
        await _sees(observer, {"b"})


async def test_instance_whose_heartbeat_stops_disappears(nats_url, unique_name):
    """An instance that dies without deregistering is forgotten within the ttl."""
    options = {"bucket": unique_name, "ttl": 1.0, "heartbeat": 0.2}
    async with _registries(nats_url, unique_name, 2, ttl=1.0, heartbeat=0.2) as (one, observer):
        doomed_connection = await nats.connect(nats_url)
        doomed = await NatsKvRegistry.from_connection(doomed_connection, **options)
        await one.register(A)
        await doomed.register(B)
        await _sees(observer, {"a", "b"})
        await doomed_connection.close()  # the process dies: no more heartbeats, no deregistration
        await _sees(observer, {"a"}, within=5.0)
        assert await _ids(one) == {"a"}
        await doomed.close()


async def test_resolve_answers_from_memory(nats_url, unique_name):
    """resolve needs no round trip: it still answers after the connection is gone."""
    connection = await nats.connect(nats_url)
    async with _registries(nats_url, unique_name, 1) as (one,):
        observer = await NatsKvRegistry.from_connection(connection, bucket=unique_name)
        await one.register(A)
        await _sees(observer, {"a"})
        await connection.close()
        assert await _ids(observer) == {"a"}
        await observer.close()


async def test_registry_survives_a_nats_restart(tmp_path, unique_name):
    """After nats-server restarts, heartbeats resume and the watcher sees new instances."""
    port, data = free_port(), tmp_path / "nats"
    options = {"bucket": unique_name, "ttl": 3.0, "heartbeat": 0.3}
    async with contextlib.AsyncExitStack() as registries:
        with running_nats_server(data, port=port) as url:
            before = await NatsKvRegistry.connect(url, **options)
            registries.push_async_callback(before.close)
            await before.register(A)
        with running_nats_server(data, port=port) as url:
            restarted_at = time.time()
            after = await NatsKvRegistry.connect(url, **options)
            registries.push_async_callback(after.close)
            await after.register(B)
            await _sees(before, {"a", "b"}, within=20.0)
            await _sees(after, {"a", "b"}, within=20.0)

            async def a_beat_since_restart():
                return await _announced_at(url, unique_name, A) > restarted_at

            await eventually(a_beat_since_restart, within=20.0, what="a heartbeat of A after the restart")
            await registries.aclose()


async def _announced_at(url, bucket, instance):
    connection = await nats.connect(url)
    try:
        entry = await (await connection.jetstream().key_value(bucket)).get(key_of(instance))
        return orjson.loads(entry.value)["ts"]
    finally:
        await connection.close()


def test_heartbeat_must_be_shorter_than_ttl():
    """A heartbeat not shorter than the ttl is refused: instances would flap."""
    with pytest.raises(ValueError, match="heartbeat"):
        NatsKvRegistry(None, bucket="b", ttl=1.0, heartbeat=1.0)
