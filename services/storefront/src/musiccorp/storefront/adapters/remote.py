"""What every adapter of a service behind the shop does with an answer: no answer is ``ServiceUnavailable``.

Timeouts, an open circuit, a full bulkhead and 5xx all mean the same to a page:
that service is unavailable now, so the page degrades (practice 11.1–11.3).
"""

from __future__ import annotations

from collections.abc import Awaitable
from urllib.parse import quote

from musiccorp.chassis.http import RemoteCallError, Response
from musiccorp.storefront.domain.errors import ServiceUnavailable


async def answer(service: str, pending: Awaitable[Response]) -> Response:
    """The response to ``pending``; raises ``ServiceUnavailable`` for no answer or a 5xx."""
    try:
        response = await pending
    except RemoteCallError as exc:
        raise ServiceUnavailable(service, str(exc)) from exc
    if response.status >= 500:
        raise ServiceUnavailable(service, f"answered {response.status}")
    return response


def read_json(service: str, response: Response) -> dict:
    try:
        return response.json()
    except ValueError as exc:
        raise ServiceUnavailable(service, "unreadable answer") from exc


def segment(value: str) -> str:
    """``value`` as one path segment: an id from a URL can never reach another path or add a query."""
    return quote(value, safe="")
