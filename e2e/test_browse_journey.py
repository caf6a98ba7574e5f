"""Journey: a shopper browses the shop in a real browser; the catalog goes away and comes back.

Starts the whole system with the CLI in a temporary home, drives headless
Chromium through home → search → album page, follows one request's correlation
id through the logs of both services, takes the catalog down to see the shop
degrade, and finally stops everything and checks that no process is left.
"""

from __future__ import annotations

import json
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def _get(url: str, headers: dict | None = None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_every_service_is_ready_and_serves_its_operational_endpoints(system):
    """status --json lists every service ready; each serves health, metrics, info and OpenAPI."""
    status = system.status()
    expected = {path.parent.name: "ready" for path in ROOT.glob("services/*/service.toml")}
    assert {s["name"]: s["state"] for s in status["services"]} == expected
    assert status["broker"]["state"] == "ready"
    for service in status["services"]:
        assert service["version"] and service["pid"]
        for path in ("/health/live", "/health/ready", "/metrics", "/info", "/openapi.json"):
            code, _, _ = _get(service["url"] + path)
            assert code == 200, (service["name"], path)
        info = json.loads(_get(service["url"] + "/info")[2])
        assert info["owner"] and info["on_call"]
    for name in ("customers", "loyalty", "notifications"):
        code, _, body = _get(system.url(name) + "/asyncapi.json")
        assert code == 200 and json.loads(body)["asyncapi"].startswith("3."), name


def test_catalog_answers_304_to_its_current_etag(system):
    """If-None-Match with the current ETag gets 304 from the running catalog."""
    catalog = system.url("catalog")
    code, headers, body = _get(catalog + "/v1/albums?size=1")
    album = json.loads(body)["_embedded"]["albums"][0]
    code, headers, _ = _get(catalog + album["_links"]["self"]["href"])
    assert code == 200
    code, _, body = _get(catalog + album["_links"]["self"]["href"], {"If-None-Match": headers["ETag"]})
    assert (code, body) == (304, b"")


@pytest.mark.browser
def test_shopper_browses_searches_and_opens_an_album(system, browser):
    """Home → search → album page in Chromium; one correlation id shows in both services' logs."""
    storefront = system.url("storefront")
    page = browser.new_page()
    refused_by_policy: list[str] = []  # the browser's Content-Security-Policy refusals, from its console
    page.on("console", lambda message: refused_by_policy.append(message.text)
            if "Content Security Policy" in message.text else None)
    home = page.goto(storefront + "/")
    assert home.status == 200
    assert page.get_by_role("heading", name="Featured albums").is_visible()
    assert page.locator(".grid .card").count() == 12

    page.get_by_label("Search albums and artists").fill("river")
    with page.expect_navigation():
        page.get_by_role("button", name="Search").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Results for “river”"
    first = page.locator(".grid .card .card-title").first
    title = first.inner_text()

    with page.expect_response(lambda r: "/albums/" in r.url) as album_response:
        first.click()
    response = album_response.value
    assert response.status == 200
    assert page.get_by_role("heading", level=1).inner_text() == title
    assert page.locator(".tracks li").count() >= 6
    page.screenshot(path=str(system.home / "album-page.png"))

    assert {"storefront", "catalog"} <= system.logged_services(response.headers["x-correlation-id"])
    assert refused_by_policy == []


def test_shop_degrades_without_the_catalog_and_recovers(system):
    """With the catalog stopped a search page renders a notice with 503; it recovers after start."""
    storefront = system.url("storefront")
    system.cli("stop", "catalog")
    code, _, body = _get(storefront + "/albums?q=nothing-cached-yet")
    assert code == 503
    assert "The catalogue is unavailable right now." in body.decode()
    assert "Traceback" not in body.decode()

    system.cli("start", "catalog")
    code, _, body = _get(storefront + "/albums?q=another-fresh-search")
    assert code == 200


def test_a_killed_catalog_is_restarted_and_the_shop_heals(system):
    """kill -9 of the catalog: the supervisor restarts it (new pid) and pages work again."""
    before = next(s for s in system.status()["services"] if s["name"] == "catalog")
    system.cli("kill", "catalog")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        after = next(s for s in system.status()["services"] if s["name"] == "catalog")
        if after["state"] == "ready" and after["pid"] != before["pid"]:
            break
        time.sleep(0.2)  # polling a condition with a deadline, not waiting for time to pass
    assert after["state"] == "ready" and after["pid"] != before["pid"]
    assert after["restarts"] == before["restarts"] + 1
    code, _, _ = _get(system.url("storefront") + "/albums?q=healed")
    assert code == 200
