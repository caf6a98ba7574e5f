"""Customers, loyalty and notifications, reached over HTTP through the chassis client.

Tolerant readers all: each takes only the fields the account pages show.
"""

from __future__ import annotations

from musiccorp.chassis.http import ServiceClient
from musiccorp.storefront.adapters.remote import answer, read_json, segment
from musiccorp.storefront.domain.customers import CustomerView, MailView, PostalAddress, Registration
from musiccorp.storefront.domain.errors import EmailTaken, InvalidRegistration, ServiceUnavailable
from musiccorp.storefront.service_layer.ports import AbstractCustomers, AbstractLoyalty, AbstractNotifications


class HttpCustomers(AbstractCustomers):
    def __init__(self, client: ServiceClient) -> None:
        self._client = client

    async def register(self, registration: Registration) -> str:
        address = {"line1": registration.line1, "city": registration.city, "postcode": registration.postcode,
                   "country": registration.country}
        if registration.line2:
            address["line2"] = registration.line2
        body = {"name": registration.name, "email": registration.email, "address": address}
        response = await answer("customers", self._client.post("/v1/customers", json=body))
        if response.status == 409:
            raise EmailTaken(registration.email)
        if response.status == 422:
            errors = read_json("customers", response).get("errors") or []
            problems = {str(e.get("location", "")).rsplit(".", 1)[-1]: str(e.get("message", "is invalid"))
                        for e in errors} or {"form": "the details were refused"}
            raise InvalidRegistration(problems)
        if response.status != 201:
            raise ServiceUnavailable("customers", f"answered {response.status} to a registration")
        return read_json("customers", response)["id"]

    async def customer(self, customer_id: str) -> CustomerView | None:
        response = await answer("customers", self._client.get(f"/v1/customers/{segment(customer_id)}"))
        if response.status == 404:
            return None
        return _customer(read_json("customers", response))

    async def with_email(self, email: str) -> CustomerView | None:
        response = await answer("customers", self._client.get("/v1/customers", params={"email": email}))
        if response.status == 422:  # not an email address: nobody has it
            return None
        try:
            found = list(read_json("customers", response)["_embedded"]["customers"])
        except (KeyError, TypeError) as exc:
            raise ServiceUnavailable("customers", f"customer list lacks {exc}") from exc
        return _customer(found[0]) if found else None


def _customer(document: dict) -> CustomerView:
    try:
        address = document["address"]
        postal = PostalAddress(line1=address["line1"], line2=address.get("line2") or "", city=address["city"],
                               postcode=address["postcode"], country=address["country"])
        return CustomerView(id=document["id"], name=document["name"], email=document["email"], address=postal,
                            status=document.get("status", "active"))
    except (KeyError, TypeError, AttributeError) as exc:
        raise ServiceUnavailable("customers", f"customer lacks {exc}") from exc


class HttpLoyalty(AbstractLoyalty):
    def __init__(self, client: ServiceClient) -> None:
        self._client = client

    async def points(self, customer_id: str) -> int | None:
        response = await answer("loyalty", self._client.get(f"/v1/accounts/{segment(customer_id)}"))
        if response.status == 404:
            return None
        try:
            return int(read_json("loyalty", response)["points"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ServiceUnavailable("loyalty", "account lacks points") from exc


class HttpNotifications(AbstractNotifications):
    def __init__(self, client: ServiceClient) -> None:
        self._client = client

    async def mails(self, customer_id: str) -> list[MailView]:
        response = await answer("notifications", self._client.get("/v1/mails", params={"customer_id": customer_id}))
        try:
            return [MailView(subject=m["subject"], status=m["status"], sent_at=m.get("sent_at"))
                    for m in read_json("notifications", response)["mails"]]
        except (KeyError, TypeError) as exc:
            raise ServiceUnavailable("notifications", "unreadable mails") from exc
