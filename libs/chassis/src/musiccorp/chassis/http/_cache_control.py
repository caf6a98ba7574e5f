"""The parts of RFC 9111 a private client cache needs: is it storable, and for how long."""

from __future__ import annotations

from collections.abc import Mapping

from multidict import CIMultiDict, CIMultiDictProxy

from musiccorp.chassis.http._transport import Params

__all__ = ["cache_key", "lifetime"]

# Statuses cacheable by default (RFC 9110 §15.1); we still store them only with an explicit max-age.
_CACHEABLE = frozenset({200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501})
_KEYED_VARY = frozenset({"accept", "accept-encoding"})

Headers = CIMultiDict[str] | CIMultiDictProxy[str]


def cache_key(downstream: str, path: str, params: Params | None,
              headers: Mapping[str, str] | None) -> tuple[object, ...]:
    """Path, sorted query and the ``Accept`` header: what selects a stored response."""
    query = tuple(sorted(params.items())) if params else ()
    accept = None
    if headers:
        accept = next((value for name, value in headers.items() if name.lower() == "accept"), None)
    return downstream, path, query, accept


def directives(headers: Headers) -> dict[str, str | None]:
    parsed: dict[str, str | None] = {}
    for header in headers.getall("Cache-Control", ()):
        for part in header.split(","):
            name, _, value = part.strip().partition("=")
            if name:
                parsed[name.lower()] = value.strip('"') if value else None
    return parsed


def lifetime(status: int, headers: Headers, *, default_stale_if_error: float) -> tuple[float, float] | None:
    """``(max_age, stale_if_error)`` in seconds for a storable response, else ``None``."""
    if status not in _CACHEABLE:
        return None
    cc = directives(headers)
    if "no-store" in cc or _varies_beyond_key(headers):
        return None
    max_age = _seconds(cc.get("max-age"))
    if max_age is None:
        return None
    if "no-cache" in cc:  # storable, but must be revalidated before each use
        max_age = 0.0
    stale_if_error = _seconds(cc.get("stale-if-error"))
    return max_age, default_stale_if_error if stale_if_error is None else stale_if_error


def age(headers: Headers) -> float:
    """The ``Age`` the response already had when it reached us."""
    return _seconds(headers.get("Age")) or 0.0


def _varies_beyond_key(headers: Headers) -> bool:
    varied = {name.strip().lower() for value in headers.getall("Vary", ()) for name in value.split(",")}
    return bool(varied - _KEYED_VARY)


def _seconds(value: str | None) -> float | None:
    if value is None or not value.isdigit():
        return None
    return float(value)
