"""The order page, the order history, and following an order live while the saga moves it on."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

from musiccorp.storefront.domain.errors import OrderMissing, ServiceUnavailable
from musiccorp.storefront.domain.orders import Order
from musiccorp.storefront.service_layer.pages import PageView
from musiccorp.storefront.service_layer.ports import AbstractOrders


@dataclass(frozen=True)
class OrderView(PageView):
    order: Order | None = None


@dataclass(frozen=True)
class HistoryView(PageView):
    orders: tuple[Order, ...] | None = None


async def owned_order(order_id: str, *, customer_id: str, orders: AbstractOrders) -> Order:
    """The order, if it is the customer's; raises ``OrderMissing`` otherwise (and ``ServiceUnavailable``)."""
    order = await orders.order(order_id)
    if order is None or order.customer_id != customer_id:
        raise OrderMissing(order_id)
    return order


async def order_page(order_id: str, *, customer_id: str, orders: AbstractOrders) -> OrderView:
    """Raises ``OrderMissing`` for an order that is not the customer's: that is not a degradation."""
    try:
        return OrderView(order=await owned_order(order_id, customer_id=customer_id, orders=orders))
    except ServiceUnavailable:
        return OrderView(degraded=("orders",))


async def history(customer_id: str, *, orders: AbstractOrders) -> HistoryView:
    try:
        return HistoryView(orders=tuple(await orders.orders_of(customer_id)))
    except ServiceUnavailable:
        return HistoryView(degraded=("orders",))


async def follow(order: Order, *, orders: AbstractOrders, seen: int, wait: float) -> AsyncIterator[Order | None]:
    """Each version of ``order`` newer than ``seen``, as orders records it; ``None`` when a long poll of
    ``wait`` seconds passed without a change (the caller's cue for a keep-alive). Ends once the order is
    final. Raises ``ServiceUnavailable`` when orders stops answering.
    """
    while True:
        if order.version > seen:
            seen = order.version
            yield order
        if order.is_final:
            return
        latest = await orders.order(order.id, wait=wait, version_gt=seen)
        if latest is None or latest.customer_id != order.customer_id:
            return
        if latest.version <= seen:
            yield None
        order = latest
