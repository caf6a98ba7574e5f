"""Moving a guest's cart into a customer's cart in orders, when they sign in."""

import pytest

from musiccorp.storefront.domain.errors import ServiceUnavailable
from musiccorp.storefront.service_layer.cart import merge_guest_cart

CUSTOMER = "c-1"


async def test_quantities_of_an_album_in_both_carts_add_up_to_the_limit(orders):
    """An album in both carts ends with both quantities, at most 10; other lines join; the guest cart empties."""
    orders.carts[CUSTOMER] = {"album-1": 7, "album-2": 1}
    guest = {"album-1": 5, "album-3": 2}
    cart = await merge_guest_cart(guest, CUSTOMER, orders=orders)
    assert orders.carts[CUSTOMER] == {"album-1": 10, "album-2": 1, "album-3": 2}
    assert guest == {} and cart.count == 13


async def test_an_album_the_catalog_dropped_is_left_behind(orders):
    """A guest line whose album is gone is dropped, not kept for ever."""
    guest = {"gone": 1, "album-1": 1}
    await merge_guest_cart(guest, CUSTOMER, orders=orders)
    assert (guest, orders.carts[CUSTOMER]) == ({}, {"album-1": 1})


async def test_lines_orders_could_not_take_stay_with_the_guest(orders, catalog):
    """Orders failing midway: the lines not yet moved stay in the guest cart for next time."""
    guest = {"album-1": 1, "album-2": 1}
    real_set = orders.set_quantity

    async def fail_on_album_2(customer_id, album_id, quantity):
        if album_id == "album-2":
            raise ServiceUnavailable("orders", "timed out")
        return await real_set(customer_id, album_id, quantity)

    orders.set_quantity = fail_on_album_2
    with pytest.raises(ServiceUnavailable):
        await merge_guest_cart(guest, CUSTOMER, orders=orders)
    assert (guest, orders.carts[CUSTOMER]) == ({"album-2": 1}, {"album-1": 1})
