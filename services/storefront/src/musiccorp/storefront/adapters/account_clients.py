"""Customers, loyalty and notifications, reached over HTTP through the chassis client.

Tolerant readers all: each takes only the fields the account pages show.
"""

from __future__ import annotations

from musiccorp.chassis.http import RemoteCallError, Response, ServiceClient
from musiccorp.storefront.domain.customers import CustomerView, MailView, Registration
from musiccorp.storefront.domain.errors import EmailTaken, InvalidRegistration, ServiceUnavailable
from musiccorp.storefront.service_layer.ports import AbstractCustomers, AbstractLoyalty, AbstractNotifications


async def _call(service: str, call) -> Response:
    try:
        response = await call
    except RemoteCallError as exc:
        raise ServiceUnavailable(service, str(exc)) from exc
    if response.status >= 500:
        raise ServiceUnavailable(service, f"answered {response.status}")
    return response


def _json(service: str, response: Response) -> dict:
    try:
        return response.json()
    except ValueError as exc:
        raise ServiceUnavailable(service, "unreadable answer") from exc


class HttpCustomers(AbstractCustomers):
    def __init__(self, client: ServiceClient) -> None:
        self._client = client

    async def register(self, registration: Registration) -> str:
        address = {"line1": registration.line1, "city": registration.city, "postcode": registration.postcode,
                   "country": registration.country}
        if registration.line2:
            address["line2"] = registration.line2
        body = {"name": registration.name, "email": registration.email, "address": address}
        response = await _call("customers", self._client.post("/v1/customers", json=body))
        if response.status == 409:
            raise EmailTaken(registration.email)
        if response.status == 422:
            errors = _json("customers", response).get("errors") or []
            problems = {str(e.get("location", "")).rsplit(".", 1)[-1]: str(e.get("message", "is invalid"))
                        for e in errors} or {"form": "the details were refused"}
            raise InvalidRegistration(problems)
        if response.status != 201:
            raise ServiceUnavailable("customers", f"answered {response.status} to a registration")
        return _json("customers", response)["id"]

    async def customer(self, customer_id: str) -> CustomerView | None:
        response = await _call("customers", self._client.get(f"/v1/customers/{customer_id}"))
        if response.status == 404:
            return None
        document = _json("customers", response)
        try:
            address = document["address"]
            lines = tuple(part for part in (address.get("line1"), address.get("line2"), address.get("city"),
                                            address.get("postcode"), address.get("country")) if part)
            return CustomerView(id=document["id"], name=document["name"], email=document["email"],
                                address=lines, status=document.get("status", "active"))
        except (KeyError, TypeError, AttributeError) as exc:
            raise ServiceUnavailable("customers", f"customer lacks {exc}") from exc


class HttpLoyalty(AbstractLoyalty):
    def __init__(self, client: ServiceClient) -> None:
        self._client = client

    async def points(self, customer_id: str) -> int | None:
        response = await _call("loyalty", self._client.get(f"/v1/accounts/{customer_id}"))
        if response.status == 404:
            return None
        try:
            return int(_json("loyalty", response)["points"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ServiceUnavailable("loyalty", "account lacks points") from exc


class HttpNotifications(AbstractNotifications):
    def __init__(self, client: ServiceClient) -> None:
        self._client = client

    async def mails(self, customer_id: str) -> list[MailView]:
        response = await _call("notifications", self._client.get("/v1/mails", params={"customer_id": customer_id}))
        try:
            return [MailView(subject=m["subject"], status=m["status"], sent_at=m.get("sent_at"))
                    for m in _json("notifications", response)["mails"]]
        except (KeyError, TypeError) as exc:
            raise ServiceUnavailable("notifications", "unreadable mails") from exc
