"""Journey: a new customer registers in the browser; the choreography does the rest (practices 4.2, 4.5).

Customers announces the registration through its outbox; loyalty opens a points
account and notifications sends a welcome mail over real SMTP to the mail sink.
The account page shows both arriving without a reload, and one correlation id
runs through every service's log lines.
"""

from __future__ import annotations

import json
import urllib.request
import uuid
from urllib.parse import urlencode

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e"), pytest.mark.browser]


def test_new_customer_gets_a_loyalty_account_and_a_welcome_mail(system, browser):
    """Register → account page shows 0 points and the sent welcome mail; the sink has the mail."""
    email = f"ada+{uuid.uuid4().hex[:8]}@example.com"
    page = browser.new_page()
    refused_by_policy: list[str] = []  # the browser's Content-Security-Policy refusals, from its console
    page.on("console", lambda message: refused_by_policy.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.goto(system.url("storefront") + "/register")
    page.get_by_label("Full name").fill("Ada Lovelace")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Address", exact=True).fill("12 St James's Square")
    page.get_by_label("Town or city").fill("London")
    page.get_by_label("Postcode").fill("SW1Y 4JH")
    page.get_by_label("Country").select_option("GB")
    with page.expect_response(lambda r: r.url.endswith("/register") and r.request.method == "POST") as posted:
        page.get_by_role("button", name="Create account").click()
    correlation_id = posted.value.headers["x-correlation-id"]
    page.wait_for_url("**/account")
    assert page.get_by_role("heading", level=1).inner_text() == "Hello, Ada"

    # htmx polls the status panel; these wait (bounded) for the events to have done their work.
    page.get_by_test_id("points").wait_for(timeout=20_000)
    assert page.get_by_test_id("points").inner_text() == "0"
    page.locator(".mails .sent").wait_for(timeout=20_000)
    assert "Welcome to MusicCorp Records" in page.locator(".mails").inner_text()
    page.screenshot(path=str(system.home / "account-page.png"))

    mail_web = system.status()["mail"]["url"]
    with urllib.request.urlopen(f"{mail_web}/api/messages?{urlencode({'to': email})}", timeout=5) as response:
        messages = json.load(response)
    assert len(messages) == 1
    assert messages[0]["subject"] == "Welcome to MusicCorp Records"

    assert {"storefront", "customers", "loyalty", "notifications"} <= system.logged_services(correlation_id)
    assert refused_by_policy == []
