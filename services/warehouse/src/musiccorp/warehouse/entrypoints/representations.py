"""HAL representations: a reservation links only the actions its state allows (4.7, 4.9)."""

from __future__ import annotations

from datetime import UTC

from musiccorp.warehouse.domain.model import Action, Reservation
from musiccorp.warehouse.domain.stock import StockLevel


def reservation_href(order_id: str) -> str:
    return f"/v1/reservations/{order_id}"


def reservation(entity: Reservation) -> dict:
    href = reservation_href(entity.order_id)
    links = {"self": {"href": href}}
    if Action.CONFIRM in entity.allowed_actions:
        links["confirm"] = {"href": f"{href}/confirmation"}
    if Action.RELEASE in entity.allowed_actions:
        links["release"] = {"href": href}
    return {
        "order_id": entity.order_id,
        "status": entity.status.value,
        "ship_to_country": entity.ship_to_country,
        "zone": entity.zone.value,
        "expires_at": entity.expires_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "lines": [{"album_id": line.album_id, "quantity": line.quantity} for line in entity.lines],
        "_links": links,
    }


def stock(level: StockLevel) -> dict:
    return {
        "album_id": level.album_id,
        "on_hand": level.on_hand,
        "reserved": level.reserved,
        "available": level.available,
        "_links": {"self": {"href": f"/v1/stock/{level.album_id}"}},
    }
