"""Signing in by email (the stand-in until identity exists), bringing the guest's cart along, and signing out."""

import re

import pytest

REGISTRATION = {"name": "Alan Turing", "email": "alan@example.com", "line1": "2 Hampton Wick", "line2": "",
                "city": "Teddington", "postcode": "TW11 0LW", "country": "GB"}


def count_in(page: str) -> int | None:
    found = re.search(r'data-testid="cart-count">(\d+)<', page)
    return int(found.group(1)) if found else None


def test_the_sign_in_page_asks_only_for_the_email(client):
    """The form has one labelled email field, and links to registration."""
    page = client.get("/sign-in").text
    assert '<label for="email">Email</label>' in page
    assert page.count("<input") - page.count('type="hidden"') - page.count('type="search"') == 1
    assert 'href="/register"' in page


def test_signing_in_with_a_known_email_signs_the_customer_in(client, sign_in):
    """A registered email, in any case, signs in and leads to the account; the header offers sign-out."""
    response = sign_in("ADA@example.com")
    assert (response.status_code, response.headers["location"]) == (303, "/account")
    page = client.get("/account").text
    assert "Hello, Ada" in page
    assert ">Sign out</button>" in page and 'href="/orders"' in page


def test_an_unknown_email_gives_the_form_back_saying_so(client, sign_in):
    """An email nobody registered answers 422 with the form, the email kept, and the reason."""
    response = sign_in("nobody@example.com")
    assert response.status_code == 422
    assert "We have no account with that email." in response.text
    assert 'value="nobody@example.com"' in response.text and 'aria-invalid="true"' in response.text
    assert client.get("/account", follow_redirects=False).status_code == 303


@pytest.mark.parametrize("email, message", [("", "Please enter your email."),
                                            ("ada", "Please enter an email address like")])
def test_an_empty_or_malformed_email_is_named_on_the_form(client, sign_in, email, message):
    """An empty or malformed email is refused on the form (422) before customers is asked."""
    response = sign_in(email)
    assert response.status_code == 422 and message in response.text


def test_signing_in_degrades_when_customers_is_down(client, sign_in, customers):
    """Customers down: the form comes back with a notice and 503, the email kept."""
    customers.available = False
    response = sign_in()
    assert response.status_code == 503
    assert "Your account details are unavailable right now." in response.text
    assert 'value="ada@example.com"' in response.text


def test_signing_in_merges_the_guest_cart_into_the_customer_s(client, sign_in, orders, ada):
    """The guest's lines move into orders; an album in both carts ends with the quantities added."""
    orders.carts[ada] = {"album-1": 1}
    client.post("/cart/items", data={"album_id": "album-1"})
    client.post("/cart/items", data={"album_id": "album-2"})
    client.post("/cart/items/album-2", data={"quantity": "2"})
    sign_in()
    assert orders.carts[ada] == {"album-1": 2, "album-2": 2}
    page = client.get("/cart").text
    assert count_in(page) == 4 and "Blue Song 2" in page
    client.post("/signout")
    assert count_in(client.get("/cart").text) == 0  # the guest cart was not kept beside it


def test_a_cart_that_orders_could_not_take_moves_on_the_next_visit(client, sign_in, orders, ada):
    """Orders down at sign-in: the guest's lines stay in the session and move when the cart is next shown."""
    client.post("/cart/items", data={"album_id": "album-1"})
    orders.available = False
    assert sign_in().status_code == 303
    assert ada not in orders.carts
    orders.available = True
    page = client.get("/cart").text
    assert orders.carts[ada] == {"album-1": 1}
    assert "Blue Song 1" in page and count_in(page) == 1


def test_registering_merges_the_cart_and_returns_where_the_shopper_was_going(client, orders, customers):
    """Registering from checkout's detour signs in, brings the cart along and goes back to /checkout."""
    client.post("/cart/items", data={"album_id": "album-1"})
    form = client.get("/register", params={"next": "/checkout"}).text
    assert '<input type="hidden" name="next" value="/checkout">' in form
    response = client.post("/register", data={**REGISTRATION, "next": "/checkout"}, follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/checkout")
    (alan,) = [c.id for c in customers.customers.values() if c.email == "alan@example.com"]
    assert orders.carts[alan] == {"album-1": 1}


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example"])
def test_signing_in_never_sends_the_shopper_off_site(client, sign_in, target):
    """A ``next`` that is not a path of this site is ignored: the shopper lands on their account."""
    assert sign_in(next_path=target).headers["location"] == "/account"


def test_signing_out_forgets_the_customer_and_the_cart_count(client, sign_in, orders, ada):
    """After signing out the header offers sign-in again and the cart is the (empty) guest cart."""
    sign_in()
    client.post("/cart/items", data={"album_id": "album-1"})
    response = client.post("/signout", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/")
    home = client.get("/").text
    assert 'href="/sign-in"' in home and "Sign out" not in home
    assert count_in(home) == 0
    assert orders.carts[ada] == {"album-1": 1}  # kept by orders for the next sign-in
