"""The cart: a guest's kept in the session and priced from the catalog, a customer's kept by orders."""

import re

import pytest

HTMX = {"HX-Request": "true"}


def add(client, album_id: str, **kwargs):
    return client.post("/cart/items", data={"album_id": album_id}, follow_redirects=False, **kwargs)


def header_count(page: str) -> int | None:
    found = re.search(r'data-testid="cart-count">(\d+)<', page)
    return int(found.group(1)) if found else None


def test_the_album_page_offers_add_to_cart(client):
    """The album page has an "Add to cart" button in a form that posts the album's id."""
    page = client.get("/albums/album-1").text
    assert re.search(r'<button type="submit" class="primary">Add to cart</button>', page)
    assert '<input type="hidden" name="album_id" value="album-1">' in page


def test_a_guest_adds_an_album_and_sees_it_priced_in_the_cart(client):
    """Adding without htmx redirects to the cart, which lists the album at the catalog's price, and the total."""
    response = add(client, "album-1")
    assert (response.status_code, response.headers["location"]) == (303, "/cart")
    add(client, "album-1")
    add(client, "album-metal")
    cart = client.get("/cart")
    assert cart.status_code == 200
    assert "Blue Song 1" in cart.text and "Iron Psalms" in cart.text
    assert '<option value="2" selected>2</option>' in cart.text
    assert 'data-testid="cart-total">£29.97<' in cart.text
    assert header_count(cart.text) == 3


def test_adding_with_htmx_answers_the_header_count_and_a_confirmation(client):
    """An htmx add answers only the new header link (out of band) and a message naming the album."""
    add(client, "album-1")
    fragment = add(client, "album-1", headers=HTMX)
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert 'id="cart-link" href="/cart" hx-swap-oob="true"' in fragment.text
    assert header_count(fragment.text) == 2
    assert "Added “Blue Song 1” to your cart." in fragment.text


def test_a_guest_changes_and_removes_lines_with_htmx(client):
    """Changing a quantity answers the re-drawn cart with its new total; 0, or Remove, takes the line out."""
    add(client, "album-1")
    add(client, "album-2")
    changed = client.post("/cart/items/album-1", data={"quantity": "3"}, headers=HTMX)
    assert changed.status_code == 200 and "<html" not in changed.text
    assert 'id="cart"' in changed.text and 'data-testid="cart-total">£39.96<' in changed.text
    assert header_count(changed.text) == 4
    emptied = client.post("/cart/items/album-1", data={"quantity": "0"}, headers=HTMX)
    assert "Blue Song 1" not in emptied.text and "Blue Song 2" in emptied.text
    removed = client.post("/cart/items/album-2/removal", headers=HTMX)
    assert "Your cart is empty." in removed.text and header_count(removed.text) == 0


def test_without_javascript_changes_redirect_back_to_the_cart(client):
    """Plain form posts (no htmx) answer 303 to /cart, and the change is there."""
    add(client, "album-1")
    response = client.post("/cart/items/album-1", data={"quantity": "5"}, follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/cart")
    assert 'data-testid="cart-total">£49.95<' in client.get("/cart").text


@pytest.mark.parametrize("quantity", ["", "eleven", "11", "-1", "²", "007"])
def test_a_quantity_outside_0_to_10_is_refused_with_the_cart_shown(client, quantity):
    """A quantity that is not 0..10 answers 422 with the cart unchanged and a message."""
    add(client, "album-1")
    response = client.post("/cart/items/album-1", data={"quantity": quantity}, headers=HTMX)
    assert response.status_code == 422
    assert "Please choose a quantity from 0 to 10." in response.text
    assert 'data-testid="cart-total">£9.99<' in response.text


def test_an_album_the_catalog_lacks_is_not_added(client):
    """Adding an unknown album answers 404 with a message; the cart stays as it was."""
    response = add(client, "no-such-album")
    assert response.status_code == 404
    assert "We don’t stock that album any more." in response.text
    assert header_count(client.get("/cart").text) == 0


def test_a_guest_cart_keeps_at_most_twenty_albums(client):
    """The session carries at most 20 albums; the 21st is refused (409) with a hint to sign in."""
    for n in range(1, 21):
        add(client, f"album-{n}")
    response = add(client, "album-21", headers=HTMX)
    assert response.status_code == 409
    assert "Sign in to add more." in response.text
    assert header_count(client.get("/cart").text) == 20


def test_a_guest_cart_survives_the_catalog_being_down(client, catalog):
    """With the catalog down the cart page says so (503); the lines are kept and show again later."""
    add(client, "album-1")
    catalog.available = False
    down = client.get("/cart")
    assert down.status_code == 503
    assert "The catalogue is unavailable right now." in down.text
    catalog.available = True
    assert "Blue Song 1" in client.get("/cart").text


def test_a_signed_in_customer_s_cart_lives_in_orders(client, sign_in, orders, ada):
    """Signed in, adding, changing and removing go to orders; the page shows orders' cart."""
    sign_in()
    add(client, "album-1")
    add(client, "album-1")
    assert orders.carts[ada] == {"album-1": 2}
    client.post("/cart/items/album-metal", data={"quantity": "4"})
    assert orders.carts[ada] == {"album-1": 2, "album-metal": 4}
    client.post("/cart/items/album-1/removal")
    assert orders.carts[ada] == {"album-metal": 4}
    page = client.get("/cart").text
    assert "Iron Psalms" in page and header_count(page) == 4


def test_other_pages_show_the_cached_count_without_asking_orders(client, sign_in, orders):
    """The header's count comes from the session: with orders down, the album page still shows it, 200."""
    sign_in()
    add(client, "album-1")
    orders.available = False
    page = client.get("/albums/album-2")
    assert page.status_code == 200
    assert header_count(page.text) == 1


def test_the_cart_degrades_when_orders_is_down(client, sign_in, orders):
    """Signed in with orders down: the cart page says so (503) and adding answers 503 with a message."""
    sign_in()
    orders.available = False
    page = client.get("/cart")
    assert page.status_code == 503
    assert "Your cart and orders are unavailable right now." in page.text
    added = add(client, "album-1", headers=HTMX)
    assert added.status_code == 503
    assert "We could not update your cart just now." in added.text


def test_the_cart_offers_checkout(client):
    """A cart with albums has a "Checkout" button leading to /checkout; an empty one does not."""
    assert "Checkout</button>" not in client.get("/cart").text
    add(client, "album-1")
    page = client.get("/cart").text
    assert '<form action="/checkout" method="get"' in page and ">Checkout</button>" in page
