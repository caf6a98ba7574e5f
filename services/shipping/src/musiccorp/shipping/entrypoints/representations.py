"""HAL representations of a shipment: the private one, and the public tracking view (4.7, 4.9)."""

from __future__ import annotations

from datetime import datetime

from musiccorp.shipping.domain.model import Action, Shipment

ORDER_URI = "http://orders/v1/orders/{order_id}"


def shipment_href(order_id: str) -> str:
    return f"/v1/shipments/{order_id}"


def tracking_href(tracking_number: str) -> str:
    return f"/v1/tracking/{tracking_number}"


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _dates(entity: Shipment) -> dict:
    return {"created_at": _moment(entity.created_at), "dispatched_at": _moment(entity.dispatched_at),
            "cancelled_at": _moment(entity.cancelled_at)}


def shipment(entity: Shipment) -> dict:
    href = shipment_href(entity.order_id)
    links = {"self": {"href": href}, "tracking": {"href": tracking_href(entity.tracking_number)},
             "order": {"href": ORDER_URI.format(order_id=entity.order_id)}}
    if Action.CANCEL in entity.allowed_actions:
        links["cancel"] = {"href": href}
    address = entity.address
    return {
        "order_id": entity.order_id,
        "customer_id": entity.customer_id,
        "tracking_number": entity.tracking_number,
        "status": entity.status.value,
        "address": {"name": address.name, "line1": address.line1, "line2": address.line2, "city": address.city,
                    "postcode": address.postcode, "country": address.country},
        "items": [{"album_id": item.album_id, "quantity": item.quantity} for item in entity.items],
        **_dates(entity),
        "_links": links,
    }


def tracking(entity: Shipment) -> dict:
    """No address, no customer, no order: a tracking number is often shared, and must not give those away."""
    return {
        "tracking_number": entity.tracking_number,
        "status": entity.status.value,
        **_dates(entity),
        "_links": {"self": {"href": tracking_href(entity.tracking_number)}},
    }
