"""Carts and orders, kept by the orders service and reached through the chassis client (ADR 0006).

A tolerant reader: it takes the fields the cart, checkout and order pages show.
Placing an order carries an ``Idempotency-Key``, so the chassis client may retry
it and orders answers a retry with the order the first attempt placed.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from musiccorp.chassis.http import Response, ServiceClient
from musiccorp.storefront.adapters.remote import answer, read_json, segment
from musiccorp.storefront.domain.cart import Cart, CartLine
from musiccorp.storefront.domain.commands import PlaceOrder
from musiccorp.storefront.domain.errors import AlbumMissing, OrderRefused, ServiceUnavailable
from musiccorp.storefront.domain.model import Money
from musiccorp.storefront.domain.orders import Order, OrderLine, ShippingAddress, StatusChange
from musiccorp.storefront.service_layer.ports import AbstractOrders

LONG_POLL_MARGIN = 5.0
"""Seconds the client waits beyond a long poll's own ``wait``: orders answers at ``wait``, the network adds a little."""

_UNREADABLE = (KeyError, TypeError, ValueError, InvalidOperation)


def _money(document: dict) -> Money:
    return Money(Decimal(document["amount"]), document["currency"])


def _cart(document: dict) -> Cart:
    lines = tuple(
        CartLine(album_id=item["album_id"], title=item["title"], artist=item.get("artist", ""),
                 unit_price=_money(item["unit_price"]), quantity=int(item["quantity"]),
                 line_total=_money(item["line_total"]))
        for item in document["items"])
    return Cart(lines=lines, total=_money(document["total"]) if lines else None)


def _address(document: dict | None) -> ShippingAddress | None:
    if not document:
        return None
    return ShippingAddress(name=document["name"], line1=document["line1"], line2=document.get("line2") or "",
                           city=document["city"], postcode=document["postcode"], country=document["country"])


def _order(document: dict) -> Order:
    return Order(
        id=document["id"], customer_id=document["customer_id"], status=document["status"],
        version=int(document["version"]), total=_money(document["total"]), placed_at=document.get("placed_at", ""),
        lines=tuple(OrderLine(album_id=line["album_id"], title=line.get("title", ""), quantity=int(line["quantity"]),
                              unit_price=_money(line["unit_price"]), line_total=_money(line["line_total"]))
                    for line in document["lines"]),
        history=tuple(StatusChange(change["status"], change["at"]) for change in document.get("history") or ()),
        tracking_number=document.get("tracking_number"), cancellation_reason=document.get("cancellation_reason"),
        shipping_address=_address(document.get("shipping_address")))


def _body(order: PlaceOrder) -> dict:
    address = order.shipping_address
    shipping = {"name": address.name, "line1": address.line1, "city": address.city, "postcode": address.postcode,
                "country": address.country}
    if address.line2:
        shipping["line2"] = address.line2
    return {"customer_id": order.customer_id, "card_token": order.card_token, "shipping_address": shipping,
            "lines": [{"album_id": line.album_id, "quantity": line.quantity} for line in order.lines]}


class HttpOrders(AbstractOrders):
    def __init__(self, client: ServiceClient) -> None:
        self._client = client

    def _read(self, response: Response, reader):
        try:
            return reader(read_json("orders", response))
        except _UNREADABLE as exc:
            raise ServiceUnavailable("orders", f"unreadable answer ({exc!r})") from exc

    def _cart_answer(self, response: Response, album_id: str | None = None) -> Cart:
        if response.status == 422 and album_id is not None:
            raise AlbumMissing(album_id)
        if response.status != 200:
            raise ServiceUnavailable("orders", f"answered {response.status} for a cart")
        return self._read(response, _cart)

    async def cart(self, customer_id: str) -> Cart:
        return self._cart_answer(await answer("orders", self._client.get(f"/v1/carts/{segment(customer_id)}")))

    async def set_quantity(self, customer_id: str, album_id: str, quantity: int) -> Cart:
        path = f"/v1/carts/{segment(customer_id)}/items/{segment(album_id)}"
        response = await answer("orders", self._client.put(path, json={"quantity": quantity}))
        return self._cart_answer(response, album_id)

    async def remove(self, customer_id: str, album_id: str) -> Cart:
        path = f"/v1/carts/{segment(customer_id)}/items/{segment(album_id)}"
        return self._cart_answer(await answer("orders", self._client.delete(path)))

    async def place(self, order: PlaceOrder, *, idempotency_key: str) -> str:
        response = await answer("orders", self._client.post(
            "/v1/orders", json=_body(order), headers={"Idempotency-Key": idempotency_key}))
        if response.status in (400, 409, 422):
            problem = self._read(response, dict)
            reason = str(problem.get("detail") or problem.get("title") or "the order was refused")
            raise OrderRefused(reason, key_reused=str(problem.get("type", "")).endswith("/idempotency-key-reused"))
        if response.status not in (200, 201):
            raise ServiceUnavailable("orders", f"answered {response.status} to an order")
        return self._read(response, lambda document: str(document["id"]))

    async def order(self, order_id: str, *, wait: float | None = None, version_gt: int | None = None) -> Order | None:
        path = f"/v1/orders/{segment(order_id)}"
        if wait is None:
            response = await answer("orders", self._client.get(path))
        else:
            params = {"wait": f"{wait:g}", "version_gt": str(version_gt or 0)}
            response = await answer("orders", self._client.get(path, params=params, timeout=wait + LONG_POLL_MARGIN))
        if response.status == 404:
            return None
        if response.status != 200:
            raise ServiceUnavailable("orders", f"answered {response.status} for an order")
        return self._read(response, _order)

    async def orders_of(self, customer_id: str) -> list[Order]:
        response = await answer("orders", self._client.get("/v1/orders", params={"customer_id": customer_id}))
        if response.status != 200:
            raise ServiceUnavailable("orders", f"answered {response.status} for a customer's orders")
        return self._read(response, lambda document: [_order(o) for o in document["_embedded"]["orders"]])
