"""Discovery without a network: the in-memory and static registries, liveness by timestamp."""

import pytest

from musiccorp.chassis.discovery import InMemoryRegistry, Instance, ServiceNotFound, StaticRegistry
from musiccorp.chassis.discovery._codec import decode, encode, key_of
from musiccorp.chassis.discovery._table import LiveTable
from musiccorp.chassis.testing import FakeClock

ONE = Instance(service="catalog", instance_id="c1", url="http://127.0.0.1:8101", version="1.0")
TWO = Instance(service="catalog", instance_id="c2", url="http://127.0.0.1:8102", version="1.0")


async def test_in_memory_registry_resolves_every_registered_instance():
    """Two registered instances of a service are both resolved, in registration order."""
    registry = InMemoryRegistry()
    await registry.register(ONE)
    await registry.register(TWO)
    assert await registry.resolve("catalog") == (ONE, TWO)


async def test_in_memory_deregister_removes_only_that_instance():
    """Deregistering one instance leaves the other resolvable."""
    registry = InMemoryRegistry()
    await registry.register(ONE)
    await registry.register(TWO)
    await registry.deregister(ONE)
    assert await registry.resolve("catalog") == (TWO,)


async def test_unknown_service_raises_service_not_found():
    """Resolving a service with no live instance raises ServiceNotFound naming it."""
    with pytest.raises(ServiceNotFound, match="^catalog: no live instance"):
        await InMemoryRegistry().resolve("catalog")


async def test_static_registry_maps_names_to_one_or_several_urls():
    """A name maps to one URL (a Kubernetes Service) or to several."""
    registry = StaticRegistry({"catalog": "http://catalog:8000/", "orders": ["http://o1", "http://o2"]})
    assert [i.url for i in await registry.resolve("catalog")] == ["http://catalog:8000"]
    assert [i.url for i in await registry.resolve("orders")] == ["http://o1", "http://o2"]


async def test_static_registry_ignores_registration_and_knows_only_its_map():
    """register is a no-op (the platform registers); unknown names raise ServiceNotFound."""
    registry = StaticRegistry({"catalog": "http://catalog:8000"})
    await registry.register(Instance(service="orders", instance_id="o1", url="http://o1"))
    with pytest.raises(ServiceNotFound):
        await registry.resolve("orders")


def test_announcement_older_than_ttl_is_not_live():
    """An instance whose last announcement is older than ttl is no longer resolved."""
    clock = FakeClock()
    table = LiveTable(ttl=10.0, clock=clock)
    table.put(ONE, clock() - 2)
    table.put(TWO, clock())
    assert table.live("catalog") == (ONE, TWO)
    clock.advance(8.5)
    assert table.live("catalog") == (TWO,)


def test_fresh_announcement_keeps_an_instance_live():
    """A heartbeat (a newer announcement) keeps the instance live past the first ttl."""
    clock = FakeClock()
    table = LiveTable(ttl=10.0, clock=clock)
    table.put(ONE, clock())
    clock.advance(9)
    table.put(ONE, clock())
    clock.advance(9)
    assert table.live("catalog") == (ONE,)


def test_registry_entry_round_trips_through_the_codec():
    """An instance encoded under its key decodes to the same instance and time."""
    assert key_of(ONE) == "catalog.c1"
    assert decode(key_of(ONE), encode(ONE, 12.5)) == (ONE, 12.5)


def test_unreadable_entry_is_ignored_and_bad_names_are_refused():
    """A malformed value decodes to None; a service name with a dot is refused."""
    assert decode("catalog.c1", b"not json") is None
    with pytest.raises(ValueError):
        key_of(Instance(service="cat.alog", instance_id="c1", url="http://x"))


def test_public_api_is_exactly_all():
    """The package exports what __all__ lists, and every name there exists."""
    import musiccorp.chassis.discovery as discovery

    public = {name for name in vars(discovery) if not name.startswith("_")}
    assert set(discovery.__all__) <= public
    assert all(getattr(discovery, name).__doc__ for name in discovery.__all__)
