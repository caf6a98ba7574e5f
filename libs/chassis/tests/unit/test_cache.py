"""The client-side HTTP cache in front of a real stub server, with a fake clock."""

import pytest
from prometheus_client import REGISTRY

from musiccorp.chassis.discovery import Instance
from musiccorp.chassis.http import ConnectionFailed, ResponseCache

ALBUM = {"id": 7, "title": "Revolver"}


@pytest.fixture
async def catalog(stub_server, registry, http_client, fake_clock, unique_name):
    await registry.register(Instance(service=unique_name, instance_id="c1", url=stub_server.url))
    return http_client.for_service(unique_name, registry=registry, retries=0,
                                   cache=ResponseCache(clock=fake_clock))


async def test_fresh_entry_is_served_without_a_request(stub_server, catalog):
    """Within max-age a second GET is answered from the cache; the downstream sees one request."""
    stub_server.reply("GET", "/v1/albums/7", json=ALBUM, headers={"Cache-Control": "max-age=60"})
    first = await catalog.get("/v1/albums/7")
    second = await catalog.get("/v1/albums/7")
    assert (first.from_cache, second.from_cache, second.json()) == (False, True, ALBUM)
    assert len(stub_server.requests) == 1


async def test_stale_entry_is_revalidated_and_304_reuses_the_body(stub_server, catalog, fake_clock):
    """Past max-age the entry is revalidated with If-None-Match; a 304 serves the stored body."""
    stub_server.reply("GET", "/v1/albums/7", json=ALBUM, times=1,
                      headers={"Cache-Control": "max-age=10", "ETag": '"v1"'})
    stub_server.reply("GET", "/v1/albums/7", status=304,
                      headers={"Cache-Control": "max-age=10", "ETag": '"v1"'})
    await catalog.get("/v1/albums/7")
    fake_clock.advance(11)
    revalidated = await catalog.get("/v1/albums/7")
    assert stub_server.requests[1].headers["If-None-Match"] == '"v1"'
    assert (revalidated.status, revalidated.json(), revalidated.from_cache) == (200, ALBUM, True)
    assert (await catalog.get("/v1/albums/7")).from_cache  # fresh again: no third request
    assert len(stub_server.requests) == 2


async def test_changed_resource_replaces_the_entry(stub_server, catalog, fake_clock):
    """A 200 to a revalidation replaces the stored response."""
    stub_server.reply("GET", "/v1/albums/7", json=ALBUM, times=1,
                      headers={"Cache-Control": "max-age=10", "ETag": '"v1"'})
    stub_server.reply("GET", "/v1/albums/7", json={**ALBUM, "title": "Rubber Soul"},
                      headers={"Cache-Control": "max-age=10", "ETag": '"v2"'})
    await catalog.get("/v1/albums/7")
    fake_clock.advance(11)
    assert (await catalog.get("/v1/albums/7")).json()["title"] == "Rubber Soul"
    assert (await catalog.get("/v1/albums/7")).from_cache


async def test_stale_entry_is_served_when_the_downstream_is_down(stub_server, catalog, fake_clock):
    """With the downstream gone, a stale entry is served and marked stale."""
    stub_server.reply("GET", "/v1/albums/7", json=ALBUM, headers={"Cache-Control": "max-age=10"})
    await catalog.get("/v1/albums/7")
    await stub_server.close()
    fake_clock.advance(60)
    stale = await catalog.get("/v1/albums/7")
    assert (stale.json(), stale.stale, stale.from_cache) == (ALBUM, True, True)


async def test_stale_entry_is_served_on_a_5xx(stub_server, catalog, fake_clock):
    """A 503 from the downstream is replaced by the stale entry."""
    stub_server.reply("GET", "/v1/albums/7", json=ALBUM, times=1, headers={"Cache-Control": "max-age=10"})
    stub_server.reply("GET", "/v1/albums/7", status=503)
    await catalog.get("/v1/albums/7")
    fake_clock.advance(11)
    stale = await catalog.get("/v1/albums/7")
    assert (stale.status, stale.stale) == (200, True)


async def test_stale_if_error_bounds_serving_stale(stub_server, catalog, fake_clock):
    """Past max-age plus stale-if-error, the downstream's failure is raised, not hidden."""
    stub_server.reply("GET", "/v1/albums/7", json=ALBUM,
                      headers={"Cache-Control": "max-age=10, stale-if-error=20"})
    await catalog.get("/v1/albums/7")
    await stub_server.close()
    fake_clock.advance(31)
    with pytest.raises(ConnectionFailed):
        await catalog.get("/v1/albums/7")


async def test_no_store_response_is_not_cached(stub_server, catalog):
    """A response marked no-store is fetched again every time."""
    stub_server.reply("GET", "/v1/albums/7", json=ALBUM, headers={"Cache-Control": "no-store, max-age=60"})
    await catalog.get("/v1/albums/7")
    assert not (await catalog.get("/v1/albums/7")).from_cache
    assert len(stub_server.requests) == 2


async def test_response_without_max_age_is_not_cached(stub_server, catalog):
    """Without an explicit max-age nothing is stored."""
    stub_server.reply("GET", "/v1/albums/7", json=ALBUM)
    await catalog.get("/v1/albums/7")
    await catalog.get("/v1/albums/7")
    assert len(stub_server.requests) == 2


async def test_query_order_does_not_change_the_key(stub_server, catalog):
    """The same query parameters in another order hit the same entry."""
    stub_server.reply("GET", "/v1/albums", json=[], headers={"Cache-Control": "max-age=60"})
    await catalog.get("/v1/albums", params={"page": 2, "size": 10})
    assert (await catalog.get("/v1/albums", params={"size": 10, "page": 2})).from_cache


async def test_accept_header_is_part_of_the_key(stub_server, catalog):
    """Responses for different Accept headers are stored apart."""
    stub_server.reply("GET", "/v1/albums", json=[], headers={"Cache-Control": "max-age=60"})
    await catalog.get("/v1/albums", headers={"Accept": "application/json"})
    other = await catalog.get("/v1/albums", headers={"Accept": "application/hal+json"})
    assert not other.from_cache


async def test_post_bypasses_the_cache(stub_server, catalog):
    """Only GETs are cached."""
    stub_server.reply("POST", "/v1/albums", status=201, headers={"Cache-Control": "max-age=60"})
    await catalog.post("/v1/albums", json=ALBUM)
    assert not (await catalog.post("/v1/albums", json=ALBUM)).from_cache


async def test_cache_results_are_counted(stub_server, catalog):
    """Each lookup increments the cache counter with its result."""
    stub_server.reply("GET", "/v1/albums/7", json=ALBUM, headers={"Cache-Control": "max-age=60"})
    await catalog.get("/v1/albums/7")
    await catalog.get("/v1/albums/7")
    counts = {result: REGISTRY.get_sample_value("musiccorp_http_client_cache_total",
                                                {"downstream": catalog.name, "result": result})
              for result in ("miss", "hit")}
    assert counts == {"miss": 1, "hit": 1}
