"""Customers' contact details, fetched by the URI an event carries (access by reference, 4.12).

The URI's host is a *service name* (``http://customers/v1/customers/<id>``): the
chassis client resolves it through discovery, so the same URI works locally and
on Kubernetes, where ``customers`` is the Service's DNS name.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from musiccorp.chassis.http import RemoteCallError, ServiceClient
from musiccorp.notifications.domain.errors import CustomerUnavailable
from musiccorp.notifications.domain.model import Contact
from musiccorp.notifications.service_layer.ports import AbstractCustomerDirectory


class HttpCustomerDirectory(AbstractCustomerDirectory):
    def __init__(self, client_for: Callable[[str], ServiceClient]) -> None:
        self._client_for = client_for

    async def contact(self, customer_uri: str) -> Contact:
        parts = urlsplit(customer_uri)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise CustomerUnavailable(f"not a customer URI: {customer_uri!r}")
        try:
            response = await self._client_for(parts.hostname).get(parts.path)
        except RemoteCallError as exc:
            raise CustomerUnavailable(str(exc)) from exc
        if response.status != 200:
            raise CustomerUnavailable(f"{customer_uri} answered {response.status}")
        try:
            document = response.json()
            return Contact(name=document["name"], email=document["email"])
        except (ValueError, KeyError, TypeError) as exc:
            raise CustomerUnavailable(f"{customer_uri} sent an unreadable customer") from exc
