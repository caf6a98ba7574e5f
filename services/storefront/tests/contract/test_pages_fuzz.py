"""Schema fuzzing of the storefront's pages: any query or path schemathesis can invent gets a
documented answer — a page, a 404 page, or a 422 problem — and never a server error."""

from __future__ import annotations

from starlette.testclient import TestClient

from musiccorp.chassis.testing.openapi import assert_conforms_to_openapi
from musiccorp.storefront.entrypoints.web import create_app


def test_pages_conform_to_their_schema(shop):
    """No generated request gets a 5xx, and every answer matches the OpenAPI document."""
    app = create_app(shop)
    with TestClient(app):
        assert_conforms_to_openapi(app, paths={"/", "/albums", "/albums/{album_id}", "/register", "/account",
                                               "/account/status", "/signout"}, business_rules=True)
