"""Checkout: signed-in only, the address prefilled, the card never posted here, one order per checkout page."""

import re
import uuid
from dataclasses import fields

import pytest

from musiccorp.storefront.domain.commands import PlaceOrder

CARD_NUMBER = "4242424242424242"


@pytest.fixture
def at_checkout(client, sign_in):
    """Ada signed in with two of album-1 and one album-metal in her cart; the checkout page's HTML."""
    def at_checkout() -> str:
        sign_in()
        client.post("/cart/items/album-1", data={"quantity": "2"})
        client.post("/cart/items", data={"album_id": "album-metal"})
        return client.get("/checkout").text
    return at_checkout


def hidden(page: str, name: str) -> list[str]:
    return re.findall(rf'<input type="hidden" name="{name}" value="([^"]*)">', page)


def form_of(page: str, **changes) -> dict:
    """What the browser posts once PayBuddy's script has put its token in: the named fields only."""
    form = {"idempotency_key": hidden(page, "idempotency_key")[0], "line": hidden(page, "line"),
            "name": "Ada Lovelace", "line1": "12 St James's Square", "line2": "", "city": "London",
            "postcode": "SW1Y 4JH", "country": "GB", "card_token": "tok_visa_4242", "card_last4": "4242"}
    return {**form, **changes}


def place(client, form: dict):
    return client.post("/checkout", data=form, follow_redirects=False)


def test_a_guest_is_sent_to_sign_in_and_back_to_checkout(client, sign_in):
    """Not signed in, /checkout redirects to sign-in, which returns to /checkout afterwards."""
    response = client.get("/checkout", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/sign-in?next=/checkout")
    assert 'name="next" value="/checkout"' in client.get(response.headers["location"]).text
    assert sign_in(next_path="/checkout").headers["location"] == "/checkout"


def test_checkout_shows_the_lines_the_total_and_the_address_on_file(at_checkout):
    """The page lists the cart with its total and prefills the shipping address from the customer record."""
    page = at_checkout()
    assert "Blue Song 1" in page and "Iron Psalms" in page
    assert 'data-testid="checkout-total">£29.97<' in page
    assert 'id="name" name="name" type="text" value="Ada Lovelace"' in page
    assert 'value="12 St James&#39;s Square"' in page and 'value="SW1Y 4JH"' in page
    assert '<option value="GB" selected>' in page
    assert hidden(page, "line") == ["album-1:2", "album-metal:1"]
    assert uuid.UUID(hidden(page, "idempotency_key")[0])
    assert ">Place order</button>" in page


def test_the_card_fields_have_no_name_and_paybuddy_takes_the_card(at_checkout):
    """Card inputs carry no name (a post cannot include them); the page loads PayBuddy's drop-in script."""
    page = at_checkout()
    for field in ("card-number", "card-expiry", "card-cvc", "card-holder"):
        (tag,) = re.findall(rf'<input id="{field}"[^>]*>', page)
        assert " name=" not in tag, tag
        assert f'<label for="{field}">' in page
    assert '<script src="http://127.0.0.1:8900/v2/js/paybuddy.js" defer></script>' in page
    assert 'data-paybuddy-url="http://127.0.0.1:8900"' in page
    assert hidden(page, "card_token") == [""]


def test_placing_sends_orders_the_token_and_never_a_card_number(client, at_checkout, orders, ada):
    """The order carries the token, lines and address under the page's key; a stray card field goes nowhere."""
    page = at_checkout()
    form = form_of(page, card_number=CARD_NUMBER, cvc="123")  # as if a page had named its card fields
    response = place(client, form)
    ((key, order),) = orders.placed
    assert response.status_code == 303 and response.headers["location"] == f"/orders/{next(iter(orders.orders))}"
    assert key == form["idempotency_key"]
    assert {f.name for f in fields(PlaceOrder)} == {"customer_id", "lines", "card_token", "shipping_address"}
    assert (order.customer_id, order.card_token) == (ada, "tok_visa_4242")
    assert [(line.album_id, line.quantity) for line in order.lines] == [("album-1", 2), ("album-metal", 1)]
    assert (order.shipping_address.name, order.shipping_address.postcode) == ("Ada Lovelace", "SW1Y 4JH")
    assert CARD_NUMBER not in repr(orders.placed) and "123" not in repr(order)


def test_a_double_submit_is_one_order(client, at_checkout, orders):
    """The same form posted twice sends the same key both times and leads to the same order."""
    form = form_of(at_checkout())
    first, second = place(client, form), place(client, form)
    assert first.headers["location"] == second.headers["location"]
    assert [key for key, _ in orders.placed] == [form["idempotency_key"]] * 2
    assert len(orders.orders) == 1


def test_each_checkout_page_mints_its_own_key(client, at_checkout):
    """Two renderings of the checkout page carry two different idempotency keys."""
    page = at_checkout()
    assert hidden(page, "idempotency_key") != hidden(client.get("/checkout").text, "idempotency_key")


def test_placing_empties_the_header_count(client, at_checkout):
    """After the order the cart is empty, and the header says 0 without asking orders."""
    place(client, form_of(at_checkout()))
    assert 'data-testid="cart-count">0<' in client.get("/").text


def test_without_a_token_the_form_asks_for_the_card(client, at_checkout, orders):
    """No token (JavaScript off): 422, the address kept, the card asked for, nothing ordered."""
    response = place(client, form_of(at_checkout(), card_token="", city="Cambridge"))
    assert response.status_code == 422
    assert "Please enter your card details." in response.text
    assert 'value="Cambridge"' in response.text
    assert orders.placed == []


def test_address_mistakes_are_named_and_the_key_kept(client, at_checkout, orders):
    """A missing postcode or unknown country comes back named (422), with the same key and token for the retry."""
    form = form_of(at_checkout(), postcode="", country="XX")
    response = place(client, form)
    assert response.status_code == 422
    assert "Please enter your postcode." in response.text and "Please choose a country from the list." in response.text
    assert hidden(response.text, "idempotency_key") == [form["idempotency_key"]]
    assert hidden(response.text, "card_token") == ["tok_visa_4242"]
    assert "card ending <strong>4242</strong>" in response.text
    assert orders.placed == []


def test_orders_down_keeps_the_form_for_a_retry_that_is_the_same_order(client, at_checkout, orders):
    """Orders unavailable: 503, the form kept with the same key, lines and token; the retry places the order."""
    form = form_of(at_checkout())
    orders.available = False
    response = place(client, form)
    assert response.status_code == 503
    assert "We could not confirm your order just now." in response.text and "Traceback" not in response.text
    assert hidden(response.text, "idempotency_key") == [form["idempotency_key"]]
    assert hidden(response.text, "line") == form["line"]
    orders.available = True
    again = form_of(response.text)
    assert again["idempotency_key"] == form["idempotency_key"]
    assert place(client, again).status_code == 303
    assert len(orders.orders) == 1


def test_an_order_orders_refuses_is_explained_on_the_form(client, at_checkout, orders, catalog):
    """Orders refusing (an album gone since) answers 422 with its reason, readable, on the form."""
    form = form_of(at_checkout())
    del catalog.albums["album-metal"]
    response = place(client, form)
    assert response.status_code == 422
    assert "We no longer sell album album-metal." in response.text
    assert orders.orders == {}


def test_a_key_used_for_another_order_offers_a_fresh_page(client, at_checkout, orders):
    """The same key with another order (address changed after it went through): told so, with a new key."""
    form = form_of(at_checkout())
    place(client, form)
    response = place(client, {**form, "city": "Oxford"})
    assert response.status_code == 422
    assert "You placed an order from this page already" in response.text and 'href="/orders"' in response.text
    assert hidden(response.text, "idempotency_key") != [form["idempotency_key"]]


def test_a_tampered_page_starts_afresh(client, at_checkout, orders):
    """Lines or a key that are not the page's own are refused (422) and the page is drawn again from the cart."""
    form = form_of(at_checkout(), line=["album-1:99"])
    response = place(client, form)
    assert response.status_code == 422
    assert "This checkout page was out of date" in response.text
    assert hidden(response.text, "line") == ["album-1:2", "album-metal:1"]
    assert orders.placed == []


def test_an_empty_cart_has_nothing_to_check_out(client, sign_in):
    """With an empty cart the page says so and offers no form."""
    sign_in()
    page = client.get("/checkout").text
    assert "Your cart is empty." in page and "Place order" not in page


def test_checkout_degrades_when_orders_is_down(client, sign_in, orders):
    """Orders down: the page says so (503) and offers no form to place an order it cannot show."""
    sign_in()
    orders.available = False
    page = client.get("/checkout")
    assert page.status_code == 503
    assert "Your cart and orders are unavailable right now." in page.text and "Place order" not in page.text
