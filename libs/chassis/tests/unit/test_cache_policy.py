"""The cache's storage policy, without a network: LRU bound, Age, Vary."""

from multidict import CIMultiDict

from musiccorp.chassis.http import Response, ResponseCache
from musiccorp.chassis.testing import FakeClock


def _answer(headers):
    async def send(_headers):
        return Response(200, CIMultiDict(headers), b"{}")

    return send


async def test_least_recently_used_entry_is_evicted_first():
    """Beyond max_entries, the entry used longest ago goes first."""
    cache = ResponseCache(max_entries=2, clock=FakeClock())
    fresh = _answer({"Cache-Control": "max-age=60"})
    for key in ("a", "b"):
        await cache.through((key,), None, fresh)
    await cache.through(("a",), None, fresh)  # "a" is now the most recent
    await cache.through(("c",), None, fresh)
    assert len(cache) == 2
    assert (await cache.through(("a",), None, fresh))[1] == "hit"
    assert (await cache.through(("b",), None, fresh))[1] == "miss"


async def test_age_header_shortens_freshness():
    """A response that arrives already 50 s old, with max-age=60, is fresh for 10 s more."""
    clock = FakeClock()
    cache = ResponseCache(clock=clock)
    send = _answer({"Cache-Control": "max-age=60", "Age": "50"})
    await cache.through(("a",), None, send)
    clock.advance(9)
    assert (await cache.through(("a",), None, send))[1] == "hit"
    clock.advance(2)
    assert (await cache.through(("a",), None, send))[1] == "miss"


async def test_vary_on_an_unkeyed_header_is_not_stored():
    """A response that varies on a header outside the key (here Cookie) is not stored."""
    cache = ResponseCache(clock=FakeClock())
    await cache.through(("a",), None, _answer({"Cache-Control": "max-age=60", "Vary": "Cookie"}))
    assert len(cache) == 0


async def test_no_cache_response_is_revalidated_every_time():
    """``no-cache`` stores the response but revalidates it before each use."""
    seen = []

    async def send(headers):
        seen.append(headers)
        return Response(200, CIMultiDict({"Cache-Control": "no-cache, max-age=60", "ETag": '"e"'}), b"{}")

    cache = ResponseCache(clock=FakeClock())
    await cache.through(("a",), None, send)
    await cache.through(("a",), None, send)
    assert seen[1] == {"If-None-Match": '"e"'}
