"""Checkout: the page that shows what will be ordered and where it goes, and placing the order.

The page asks orders (the cart) and customers (the address to prefill) at once;
without customers the shopper types the address, without orders there is
nothing to check out.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from musiccorp.storefront.domain.cart import Cart
from musiccorp.storefront.domain.commands import PlaceOrder
from musiccorp.storefront.domain.errors import ServiceUnavailable
from musiccorp.storefront.domain.orders import ShippingAddress
from musiccorp.storefront.service_layer.pages import PageView
from musiccorp.storefront.service_layer.ports import AbstractCustomers, AbstractOrders


@dataclass(frozen=True)
class CheckoutView(PageView):
    cart: Cart | None = None
    address: ShippingAddress | None = None


async def checkout(customer_id: str, *, orders: AbstractOrders, customers: AbstractCustomers) -> CheckoutView:
    cart, customer = await asyncio.gather(orders.cart(customer_id), customers.customer(customer_id),
                                          return_exceptions=True)
    for result in (cart, customer):
        if isinstance(result, BaseException) and not isinstance(result, ServiceUnavailable):
            raise result
    degraded = tuple(result.service for result in (cart, customer) if isinstance(result, ServiceUnavailable))
    address = None
    if customer is not None and not isinstance(customer, BaseException):
        postal = customer.address
        address = ShippingAddress(name=customer.name, line1=postal.line1, line2=postal.line2, city=postal.city,
                                  postcode=postal.postcode, country=postal.country)
    return CheckoutView(degraded=degraded, cart=None if isinstance(cart, BaseException) else cart, address=address)


async def place_order(order: PlaceOrder, *, idempotency_key: str, orders: AbstractOrders) -> str:
    """The id of the order placed. The key was minted when the checkout page was drawn, so a double
    submit, or the browser sending the form again, names the same order rather than a second one."""
    return await orders.place(order, idempotency_key=idempotency_key)
