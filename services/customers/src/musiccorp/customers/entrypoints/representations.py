"""HAL representations of a customer: the links offered are the transitions its state allows (4.7, 4.9)."""

from __future__ import annotations

from urllib.parse import urlencode

from musiccorp.customers.domain.model import Action, Customer

# rel -> (the action it performs, where)
_ACTION_LINKS = {
    "address": (Action.CHANGE_ADDRESS, "/address"),
    "suspend": (Action.SUSPEND, "/suspension"),
    "reactivate": (Action.REACTIVATE, "/suspension"),
    "close": (Action.CLOSE, "/closure"),
}


def customer_href(customer_id: str) -> str:
    return f"/v1/customers/{customer_id}"


def customer(entity: Customer) -> dict:
    href = customer_href(entity.id)
    allowed = entity.allowed_actions
    links = {"self": {"href": href}}
    links.update({rel: {"href": href + path} for rel, (action, path) in _ACTION_LINKS.items() if action in allowed})
    address = entity.address
    return {
        "id": entity.id,
        "name": entity.name,
        "email": entity.email,
        "status": entity.status.value,
        "address": {"line1": address.line1, "line2": address.line2, "city": address.city,
                    "postcode": address.postcode, "country": address.country,
                    "country_name": address.country_name},
        "_links": links,
    }


def customers_with_email(entities: list[Customer], *, email: str) -> dict:
    """A filtered collection: the customers, embedded whole, and a link to the query itself."""
    return {
        "_embedded": {"customers": [customer(entity) for entity in entities]},
        "count": len(entities),
        "_links": {"self": {"href": "/v1/customers?" + urlencode({"email": email})}},
    }
