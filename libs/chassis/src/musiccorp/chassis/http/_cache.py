"""A private, LRU-bounded HTTP cache for GETs: fresh hits, revalidation, stale-if-error."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from multidict import CIMultiDict

from musiccorp.chassis.http._cache_control import age, lifetime
from musiccorp.chassis.http._errors import DownstreamUnavailable
from musiccorp.chassis.http._response import Response

__all__ = ["ResponseCache"]

_KEEP_STORED = frozenset({"content-length", "content-type", "content-encoding"})

Send = Callable[[Mapping[str, str] | None], Awaitable[Response]]


@dataclass(slots=True)
class _Entry:
    hit: Response
    stored_at: float
    max_age: float
    stale_if_error: float

    @property
    def etag(self) -> str | None:
        return self.hit.headers.get("ETag")


class ResponseCache:
    """Stores GET responses that carry ``Cache-Control: max-age`` (and not ``no-store``).

    A fresh entry is served with no network call; a stale one with an ``ETag``
    is revalidated with ``If-None-Match`` (a 304 refreshes it); when the
    downstream is unavailable or answers 5xx, a stale entry is served for up to
    ``stale-if-error`` seconds past its freshness (``stale_if_error`` when the
    response names none). At most ``max_entries``, least recently used first out.

    >>> cache = ResponseCache(max_entries=256)
    >>> catalog = http.for_service("catalog", registry=registry, cache=cache)  # doctest: +SKIP
    """

    def __init__(self, *, max_entries: int = 1024, clock: Callable[[], float] = time.monotonic,
                 stale_if_error: float = 300.0) -> None:
        self._max_entries = max_entries
        self._clock = clock
        self._stale_if_error = stale_if_error
        self._entries: OrderedDict[tuple[object, ...], _Entry] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    async def through(self, key: tuple[object, ...], headers: Mapping[str, str] | None,
                      send: Send) -> tuple[Response, str]:
        """Answer from the cache or via ``send``; also says how: hit, revalidated, stale or miss."""
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
            resident = self._clock() - entry.stored_at
            if resident < entry.max_age:
                return entry.hit, "hit"
            if entry.etag is not None:
                headers = {**(headers or {}), "If-None-Match": entry.etag}
        try:
            response = await send(headers)
        except DownstreamUnavailable:
            if entry is not None and self._may_serve_stale(entry):
                return _stale(entry.hit), "stale"
            raise
        if entry is not None:
            if response.status == 304:
                return self._refresh(key, entry, response), "revalidated"
            if response.status >= 500 and self._may_serve_stale(entry):
                return _stale(entry.hit), "stale"
        if response.status < 500:
            self._store(key, response)
        return response, "miss"

    def _may_serve_stale(self, entry: _Entry) -> bool:
        return self._clock() - entry.stored_at < entry.max_age + entry.stale_if_error

    def _store(self, key: tuple[object, ...], response: Response) -> Response:
        """Keep ``response`` if it is storable; return it as a later hit would see it."""
        hit = Response(response.status, response.headers, response.body, from_cache=True)
        life = lifetime(response.status, response.headers, default_stale_if_error=self._stale_if_error)
        if life is None:
            self._entries.pop(key, None)
            return hit
        self._entries[key] = _Entry(hit, self._clock() - age(response.headers), *life)
        self._entries.move_to_end(key)
        while len(self._entries) > self._max_entries:
            self._entries.popitem(last=False)
        return hit

    def _refresh(self, key: tuple[object, ...], entry: _Entry, not_modified: Response) -> Response:
        """A 304's headers replace the stored ones (RFC 9111 §4.3.4); the body stays."""
        headers = CIMultiDict(entry.hit.headers)
        for name in {name.lower() for name in not_modified.headers} - _KEEP_STORED:
            headers.popall(name, None)
            headers.extend((name, value) for value in not_modified.headers.getall(name))
        return self._store(key, Response(entry.hit.status, headers, entry.hit.body))


def _stale(hit: Response) -> Response:
    return Response(hit.status, hit.headers, hit.body, from_cache=True, stale=True)
