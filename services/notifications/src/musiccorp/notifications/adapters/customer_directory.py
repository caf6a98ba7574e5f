"""Customers' contact details, fetched by the URI an event carries (see :mod:`.by_reference`)."""

from __future__ import annotations

from musiccorp.notifications.adapters.by_reference import ClientFor, fetch
from musiccorp.notifications.domain.errors import CustomerUnavailable
from musiccorp.notifications.domain.model import Contact
from musiccorp.notifications.service_layer.ports import AbstractCustomerDirectory


class HttpCustomerDirectory(AbstractCustomerDirectory):
    def __init__(self, client_for: ClientFor) -> None:
        self._client_for = client_for

    async def contact(self, customer_uri: str) -> Contact:
        document = await fetch(customer_uri, client_for=self._client_for, unavailable=CustomerUnavailable)
        try:
            return Contact(name=document["name"], email=document["email"])
        except (KeyError, TypeError) as exc:
            raise CustomerUnavailable(f"{customer_uri} sent an unreadable customer") from exc
