"""The order page (only for its owner) with its timeline, and the order history."""

import pytest

from musiccorp.storefront.domain.orders import STEPS

GRACE = "9c0a7e52-6d1b-4f3e-8a2d-1b5e7c9f0a34"


def test_the_order_page_shows_status_timeline_lines_and_total(client, sign_in, make_order, ada):
    """The owner sees the status word, the five steps, the lines, the total and where it goes."""
    order = make_order(ada)
    sign_in()
    page = client.get(f"/orders/{order.id}")
    assert page.status_code == 200
    assert 'data-testid="order-status" data-status="placed">placed<' in page.text
    assert page.text.count('class="step step-') == len(STEPS)
    assert 'aria-current="step"' in page.text
    assert "Blue Song 1" in page.text and 'data-testid="order-total">£19.98<' in page.text
    assert "SW1Y 4JH" in page.text and "United Kingdom" in page.text


def test_a_live_order_page_follows_its_order_and_offers_a_refresh(client, sign_in, make_order, ada):
    """A page of an order in progress names its event stream (after the version drawn) and a Refresh link."""
    order = make_order(ada)
    sign_in()
    page = client.get(f"/orders/{order.id}").text
    assert f'data-order-events="/orders/{order.id}/events?after=1"' in page
    assert '<script src="/static/order-live.js" defer></script>' in page
    assert f'<a href="/orders/{order.id}">Refresh</a>' in page


def test_a_final_order_page_does_not_follow(client, sign_in, make_order, orders, ada):
    """A completed order's page opens no stream: there is nothing more to come."""
    order = make_order(ada)
    for status in ("stock_reserved", "paid", "shipped", "completed"):
        orders.advance(order.id, status)
    sign_in()
    page = client.get(f"/orders/{order.id}").text
    assert 'data-status="completed">completed<' in page
    assert "data-order-events" not in page and "order-live.js" not in page
    assert page.count("step step-done") == len(STEPS)


def test_a_shipped_order_shows_its_tracking_number(client, sign_in, make_order, orders, ada):
    """Once shipped the page shows the tracking number."""
    order = make_order(ada)
    for status in ("stock_reserved", "paid", "shipped"):
        orders.advance(order.id, status)
    sign_in()
    assert 'data-testid="tracking-number">MC-TRACK-0001<' in client.get(f"/orders/{order.id}").text


def test_a_cancelled_order_says_why(client, sign_in, make_order, orders, ada):
    """A cancelled order shows the reason, the steps it reached, and that the payment is refunded."""
    order = make_order(ada)
    orders.advance(order.id, "stock_reserved")
    orders.advance(order.id, "paid")
    orders.advance(order.id, "cancelled", reason="we could not ship to that address")
    sign_in()
    page = client.get(f"/orders/{order.id}").text
    assert "Cancelled: we could not ship to that address." in page and "Your payment is refunded." in page
    assert page.count("step step-done") == 3 and "step step-cancelled" in page


def test_another_customer_s_order_is_a_404_page(client, sign_in, make_order):
    """An order that is not the signed-in customer's answers the same 404 page as one that does not exist."""
    theirs = make_order(GRACE)
    sign_in()
    for path in (f"/orders/{theirs.id}", "/orders/no-such-order"):
        page = client.get(path)
        assert page.status_code == 404, path
        assert "We cannot find that order" in page.text and "Blue Song" not in page.text


@pytest.mark.parametrize("path", ["/orders", "/orders/order-1"])
def test_order_pages_send_a_guest_to_sign_in(client, path):
    """Not signed in: order pages redirect to sign-in, which returns there afterwards."""
    response = client.get(path, follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, f"/sign-in?next={path}")


def test_order_pages_degrade_when_orders_is_down(client, sign_in, make_order, orders, ada):
    """Orders down: the order page and the history say so with 503, never a stack trace."""
    order = make_order(ada)
    sign_in()
    orders.available = False
    for path in (f"/orders/{order.id}", "/orders"):
        page = client.get(path)
        assert page.status_code == 503, path
        assert "Your cart and orders are unavailable right now." in page.text and "Traceback" not in page.text


def test_the_history_lists_only_the_customer_s_orders_newest_first(client, sign_in, make_order, ada):
    """/orders shows the signed-in customer's orders, newest first, each linking to its page; nobody else's."""
    older = make_order(ada, placed_at="2026-11-20T09:00:00+00:00")
    newer = make_order(ada, placed_at="2026-11-24T09:00:00+00:00")
    theirs = make_order(GRACE)
    sign_in()
    page = client.get("/orders")
    assert page.status_code == 200
    assert page.text.index(f'href="/orders/{newer.id}"') < page.text.index(f'href="/orders/{older.id}"')
    assert f'href="/orders/{theirs.id}"' not in page.text
    assert "24 Nov 2026, 09:00" in page.text


def test_an_empty_history_says_so(client, sign_in):
    """A customer without orders is told so and offered the catalogue."""
    sign_in()
    assert "You have not ordered anything yet." in client.get("/orders").text


def test_the_account_page_links_to_the_orders(client, sign_in):
    """The account page has a link to the order history."""
    sign_in()
    assert '<a href="/orders">Your orders</a>' in client.get("/account").text
