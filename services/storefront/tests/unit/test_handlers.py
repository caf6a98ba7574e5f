"""The page handlers are plain functions: called here alone, with no app, router or test client, their
dependencies (the fake services, the signed-in customer) given directly and the session a plain dict."""

from starlette.requests import Request

from musiccorp.storefront.entrypoints.api import album, create_app
from musiccorp.storefront.entrypoints.cart import add_to_cart
from musiccorp.storefront.entrypoints.dependencies import get_catalog, get_customer_id
from musiccorp.storefront.entrypoints.orders import history, order_page

ADA = "5b1d2c4e-2f0a-4c55-9f7e-3c1f6f4b8a21"


def a_request(path: str, *, session: dict | None = None, method: str = "GET", app=None) -> Request:
    scope = {"type": "http", "method": method, "path": path, "query_string": b"", "headers": [],
             "session": {} if session is None else session}
    if app is not None:
        scope["app"] = app
    return Request(scope)


async def test_the_album_handler_renders_the_album_from_the_catalog_it_is_given(catalog):
    """The album page from the handler alone: 200 with the tracks, and the friendly 404 for an unknown id."""
    page = await album(a_request("/albums/album-1"), "album-1", catalog=catalog)
    assert page.status_code == 200
    assert "Blue Song 1" in page.body.decode() and "Opening" in page.body.decode()
    missing = await album(a_request("/albums/nope"), "nope", catalog=catalog)
    assert missing.status_code == 404


async def test_a_guest_adds_to_the_cart_through_the_handler_alone(catalog, orders):
    """Adding as a guest keeps the line and the header's count in the session, and redirects to the cart."""
    session: dict = {}
    request = a_request("/cart/items", session=session, method="POST")
    response = await add_to_cart(request, None, catalog=catalog, orders=orders, album_id=" album-1 ")
    assert (response.status_code, response.headers["location"]) == (303, "/cart")
    assert session == {"cart": {"album-1": 1}, "cart_count": 1}


async def test_the_order_handlers_take_the_customer_as_given(orders, make_order):
    """Signed out, the order pages send the shopper to sign in; signed in, they show that customer's orders."""
    order = make_order(ADA)
    signed_out = await order_page(a_request(f"/orders/{order.id}"), order.id, customer_id=None, orders=orders)
    assert (signed_out.status_code, signed_out.headers["location"]) == (303, f"/sign-in?next=/orders/{order.id}")
    page = await order_page(a_request(f"/orders/{order.id}"), order.id, customer_id=ADA, orders=orders)
    assert page.status_code == 200 and "Blue Song 1" in page.body.decode()
    listed = await history(a_request("/orders"), customer_id=ADA, orders=orders)
    assert listed.status_code == 200 and f'href="/orders/{order.id}"' in listed.body.decode()


async def test_the_dependencies_read_what_create_app_put_on_the_app(shop):
    """In the app, the same handlers get the storefront's own services, and the session's customer."""
    request = a_request("/", session={"customer_id": ADA}, app=create_app(shop))
    assert await get_catalog(request) is shop.catalog
    assert await get_customer_id(request) == ADA
