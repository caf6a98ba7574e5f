"""The session secret: refused when public outside a local run, and rotated without signing anybody out."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from starlette.testclient import TestClient

from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.storefront.bootstrap import bootstrap
from musiccorp.storefront.config import StorefrontSettings
from musiccorp.storefront.entrypoints.api import create_app

OLD = "Zq8Wv2Lk5Rt9Xm3Pb7Ny4Hc6Gd1Fs0Ja"
NEW = "k3Jx9QvTz2LmP8wRb5NcY7dHf4GsA6eU"


def _client(secrets: str, fakes: dict) -> TestClient:
    settings = StorefrontSettings(session_secret=secrets)
    return TestClient(create_app(bootstrap(settings, registry=InMemoryRegistry(), **fakes)), follow_redirects=False)


@pytest.fixture
def fakes(catalog, customers, loyalty, notifications, orders) -> dict:
    return {"catalog": catalog, "customers": customers, "loyalty": loyalty, "notifications": notifications,
            "orders": orders}


def test_production_refuses_the_development_secret():
    """Anyone could forge a session with the public development secret: production must set its own."""
    with pytest.raises(ValidationError, match="MUSICCORP_STOREFRONT_SESSION_SECRET is not set"):
        StorefrontSettings(environment="production", database_url="postgresql+asyncpg://shop@db/shop")


def test_a_session_signed_with_the_secret_rotated_out_still_reads(fakes, ada):
    """After NEW is put before OLD, a customer signed in under OLD is still signed in; once OLD is dropped,
    that cookie is no session at all."""
    with _client(OLD, fakes) as before:
        before.post("/sign-in", data={"email": "ada@example.com", "next": ""})
        cookie = before.cookies.get("musiccorp_session")
    assert cookie
    with _client(f"{NEW},{OLD}", fakes) as rotating:
        rotating.cookies.set("musiccorp_session", cookie)
        assert rotating.get("/account").status_code == 200
    with _client(NEW, fakes) as after:
        after.cookies.set("musiccorp_session", cookie)
        assert after.get("/account").status_code in (302, 303)


def test_a_new_session_is_signed_with_the_newest_secret(fakes, ada):
    """While rotating, new cookies are signed with the first secret of the list, so OLD can be dropped later."""
    with _client(f"{NEW},{OLD}", fakes) as rotating:
        rotating.post("/sign-in", data={"email": "ada@example.com", "next": ""})
        cookie = rotating.cookies.get("musiccorp_session")
    with _client(NEW, fakes) as after:
        after.cookies.set("musiccorp_session", cookie)
        assert after.get("/account").status_code == 200
