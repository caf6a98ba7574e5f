"""Every answer of the shop carries the browser-facing hardening headers, its policy letting PayBuddy in only."""

from __future__ import annotations

from starlette.testclient import TestClient

from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.storefront.bootstrap import bootstrap
from musiccorp.storefront.config import StorefrontSettings
from musiccorp.storefront.entrypoints.api import create_app


def _directives(policy: str) -> dict[str, str]:
    return {name: value for name, _, value in (part.strip().partition(" ") for part in policy.split(";"))}


def test_a_page_says_what_a_browser_may_load_frame_and_sniff(client):
    """Scripts and calls from the shop and PayBuddy's origin only; no inline script, no framing, no sniffing."""
    response = client.get("/")
    assert response.status_code == 200
    policy = _directives(response.headers["content-security-policy"])
    assert policy["script-src"] == "'self' http://127.0.0.1:8900"
    assert policy["connect-src"] == "'self' http://127.0.0.1:8900"
    assert (policy["default-src"], policy["style-src"], policy["object-src"], policy["frame-ancestors"]) == (
        "'self'", "'self'", "'none'", "'none'")
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"


def test_error_pages_and_static_files_carry_the_headers_too(client):
    """A 404 page and a stylesheet are answered with the same policy."""
    for path in ("/albums/no-such-album", "/static/shop.css"):
        response = client.get(path)
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"], path
        assert response.headers["x-content-type-options"] == "nosniff", path


def test_paybuddys_origin_comes_from_the_setting(catalog, customers, loyalty, notifications, orders):
    """Wherever PayBuddy is, its origin (scheme, host and port) is what the policy names."""
    settings = StorefrontSettings(paybuddy_url="https://js.paybuddy.example:8443/v2/")
    shop = bootstrap(settings, catalog=catalog, customers=customers, loyalty=loyalty, notifications=notifications,
                     orders=orders, registry=InMemoryRegistry())
    with TestClient(create_app(shop)) as client:
        policy = _directives(client.get("/").headers["content-security-policy"])
    assert policy["script-src"] == "'self' https://js.paybuddy.example:8443"


def test_hsts_is_sent_outside_local_runs_only(client, catalog, customers, loyalty, notifications, orders):
    """Local runs serve plain HTTP on loopback: no Strict-Transport-Security there; staging sends it."""
    assert "strict-transport-security" not in client.get("/").headers
    settings = StorefrontSettings(environment="staging", session_secret="k3Jx9QvTz2LmP8wRb5NcY7dHf4GsA6eU")
    shop = bootstrap(settings, catalog=catalog, customers=customers, loyalty=loyalty, notifications=notifications,
                     orders=orders, registry=InMemoryRegistry())
    with TestClient(create_app(shop)) as staging:
        assert staging.get("/").headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
