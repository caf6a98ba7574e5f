"""HAL representations of carts and orders (practice 4.7); money as ``{"amount": "19.98", "currency": "GBP"}``."""

from __future__ import annotations

from datetime import datetime

from musiccorp.orders.domain.cart import Cart
from musiccorp.orders.domain.model import Order
from musiccorp.orders.domain.money import Money


def money(value: Money) -> dict[str, str]:
    return {"amount": value.amount, "currency": value.currency}


def _moment(value: datetime) -> str:
    return value.isoformat()


def cart_href(customer_id: str) -> str:
    return f"/v1/carts/{customer_id}"


def order_href(order_id: str) -> str:
    return f"/v1/orders/{order_id}"


def customer_uri(customer_id: str) -> str:
    return f"http://customers/v1/customers/{customer_id}"


def etag(order: Order) -> str:
    return f'"{order.version}"'


def cart(entity: Cart) -> dict:
    links = {"self": {"href": cart_href(entity.customer_id)}}
    if entity.items:
        links["checkout"] = {"href": "/v1/orders"}
    return {
        "customer_id": entity.customer_id,
        "items": [{"album_id": item.album_id, "title": item.title, "artist": item.artist,
                   "unit_price": money(item.unit_price), "quantity": item.quantity,
                   "line_total": money(item.line_total)} for item in entity.items],
        "item_count": entity.item_count,
        "total": money(entity.total),
        "_links": links,
    }


def order(entity: Order) -> dict:
    address = entity.shipping_address
    return {
        "id": entity.id,
        "customer_id": entity.customer_id,
        "status": entity.status.value,
        "version": entity.version,
        "cancellation_reason": entity.cancellation_reason,
        "lines": [{"album_id": line.album_id, "title": line.title, "quantity": line.quantity,
                   "unit_price": money(line.unit_price), "line_total": money(line.line_total)}
                  for line in entity.lines],
        "total": money(entity.total),
        "shipping_address": {"name": address.name, "line1": address.line1, "line2": address.line2,
                             "city": address.city, "postcode": address.postcode, "country": address.country},
        "placed_at": _moment(entity.placed_at),
        "updated_at": _moment(entity.updated_at),
        "tracking_number": entity.tracking_number,
        "history": [{"status": entry.status.value, "at": _moment(entry.at)} for entry in entity.history],
        "_links": {"self": {"href": order_href(entity.id)}, "customer": {"href": customer_uri(entity.customer_id)}},
    }


def order_list(entities: list[Order]) -> dict:
    return {"_embedded": {"orders": [order(entity) for entity in entities]}, "count": len(entities)}
