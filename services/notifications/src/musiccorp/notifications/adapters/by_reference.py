"""Reading a resource by the URI an event carries (access by reference, 4.12).

The URI's host is a *service name* (``http://customers/v1/customers/<id>``,
``http://orders/v1/orders/<id>``): the chassis client resolves it through
discovery, so the same URI works locally and on Kubernetes, where the name is
the Service's DNS name. Every failure — not a URI, the service down, an answer
other than 200, a body that is not a JSON object — raises the caller's
``unavailable`` error, and the event is retried later.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from musiccorp.chassis.http import RemoteCallError, ServiceClient

ClientFor = Callable[[str], ServiceClient]


async def fetch(uri: str, *, client_for: ClientFor, unavailable: type[Exception]) -> dict[str, Any]:
    """The JSON object at ``uri``, or ``unavailable`` saying why not."""
    parts = urlsplit(uri)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise unavailable(f"not a resource URI: {uri!r}")
    try:
        document = await client_for(parts.hostname).get_document(parts.path)
    except RemoteCallError as exc:  # unreachable, or an answer off its contract
        raise unavailable(str(exc)) from exc
    if document is None:  # an event names what exists: gone for now, try the event again later
        raise unavailable(f"{uri} answered 404")
    if not isinstance(document, dict):
        raise unavailable(f"{uri} sent a body that is not a JSON object")
    return document
