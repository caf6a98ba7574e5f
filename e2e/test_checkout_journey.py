"""Journey: a new customer buys two albums in the browser and watches the order complete (4.5, 9.6).

Register → add two albums to the cart → checkout, where the card goes from the browser straight to PayBuddy
and only its token comes back to the shop → the order page follows the saga live over server-sent events
until "completed" (the page is never reloaded) → loyalty credits the points → the confirmation mail is in
the mail sink → the order is in the customer's history.
"""

from __future__ import annotations

import json
import math
import time
import urllib.request
import uuid
from decimal import Decimal
from urllib.parse import urlencode

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e"), pytest.mark.browser]


def _albums_in_stock(system, count: int) -> list[dict]:
    status, page = system.call("catalog", "GET", "/v1/albums?size=40")
    assert status == 200, page
    chosen = []
    for album in page["_embedded"]["albums"]:
        status, stock = system.call("warehouse", "GET", f"/v1/stock/{album['id']}")
        if status == 200 and stock["available"] >= 5:
            chosen.append(album)
        if len(chosen) == count:
            return chosen
    raise AssertionError("not enough albums in stock")


def _register(page, store: str, email: str) -> None:
    page.goto(store + "/register")
    page.get_by_label("Full name").fill("Joan Armatrading")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Address", exact=True).fill("7 Bridge Street")
    page.get_by_label("Town or city").fill("Birmingham")
    page.get_by_label("Postcode").fill("B1 1BB")
    page.get_by_label("Country").select_option("GB")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/account")


def _pay_by_card(page) -> str:
    """Fill the card form (the inputs have no names: PayBuddy's script tokenises it), place the order; its id."""
    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    page.get_by_label("Expiry date (MM/YY)").fill("12/35")
    page.get_by_label("Security code").fill("123")
    page.get_by_label("Name on card").fill("Joan Armatrading")
    page.get_by_role("button", name="Place order").click()
    page.wait_for_url("**/orders/*")
    return page.url.rstrip("/").rsplit("/", 1)[1]


def _points_and_mail_shown(page, store: str, *, points: str, mail: str) -> tuple[str, bool]:
    """Points and the confirmation mail follow the order's completion by events; the account page shows what has
    happened so far, so it is read again until both are there (bounded; each read is a fresh page)."""
    deadline = time.monotonic() + 30
    while True:
        page.goto(store + "/account")
        page.get_by_test_id("points").wait_for(timeout=10_000)
        shown = page.get_by_test_id("points").inner_text()
        mailed = page.locator(".mails li", has_text=mail).locator(".sent").count() == 1
        if (shown == points and mailed) or time.monotonic() > deadline:
            return shown, mailed
        page.wait_for_timeout(300)


def test_a_new_customer_buys_two_albums_and_watches_the_order_complete(system, browser):
    """Register, fill a cart, pay by card in the browser, and watch the order complete live; points, mail and
    history follow, and the card number never reaches the shop."""
    email = f"joan+{uuid.uuid4().hex[:8]}@example.com"
    first, second = _albums_in_stock(system, 2)
    store = system.url("storefront")
    page = browser.new_page()
    refused_by_policy: list[str] = []  # the browser's Content-Security-Policy refusals, from its console
    page.on("console", lambda message: refused_by_policy.append(message.text)
            if "Content Security Policy" in message.text else None)
    card_numbers_seen_by_the_shop: list[str] = []
    page.on("request", lambda request: card_numbers_seen_by_the_shop.append(request.url)
            if request.url.startswith(store) and "42424242" in (request.post_data or "").replace("+", "")
            .replace("%20", "").replace(" ", "") else None)

    _register(page, store, email)
    for album in (first, second):
        page.goto(f"{store}/albums/{album['id']}")
        with page.expect_response(lambda r: r.url.endswith("/cart/items") and r.request.method == "POST"):
            page.get_by_role("button", name="Add to cart", exact=True).click()

    page.goto(store + "/cart")
    assert first["title"] in page.content() and second["title"] in page.content()
    page.get_by_role("button", name="Checkout").click()
    page.wait_for_url("**/checkout*")
    expected_total = Decimal(first["price"]["amount"]) + Decimal(second["price"]["amount"])
    assert page.get_by_test_id("checkout-total").inner_text().endswith(f"{expected_total:.2f}")
    order_id = _pay_by_card(page)

    # A marker on the window survives only if the page is never reloaded: the status must arrive live.
    page.evaluate("window.__stillTheSamePage = true")
    status = page.get_by_test_id("order-status")
    page.locator('[data-testid="order-status"][data-status="completed"]').wait_for(timeout=60_000)
    assert status.inner_text().lower() == "completed"
    assert page.evaluate("window.__stillTheSamePage") is True
    assert page.get_by_test_id("tracking-number").inner_text().startswith("MC")
    assert card_numbers_seen_by_the_shop == [], "the card number reached the shop"
    page.screenshot(path=str(system.home / "order-page.png"))

    page.goto(store + "/orders")
    assert page.locator(f'a[href="/orders/{order_id}"]').count() == 1

    mail = "Your MusicCorp order is on its way"
    points = str(math.floor(expected_total))
    assert _points_and_mail_shown(page, store, points=points, mail=mail) == (points, True)
    mail_web = system.status()["mail"]["url"]
    with urllib.request.urlopen(f"{mail_web}/api/messages?{urlencode({'to': email})}", timeout=5) as answer:
        subjects = {message["subject"] for message in json.load(answer)}
    assert mail in subjects
    assert refused_by_policy == []
