"""Schema fuzzing of the storefront's pages: any query or path schemathesis can invent gets a
documented answer — a page, a 404 page, or a 422 problem — and never a server error."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from starlette.testclient import TestClient

from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.storefront.bootstrap import bootstrap
from musiccorp.storefront.config import StorefrontSettings
from musiccorp.storefront.entrypoints.web import create_app


def test_pages_conform_to_their_schema(catalog):
    """No generated request gets a 5xx, and every answer matches the OpenAPI document."""
    app = create_app(bootstrap(StorefrontSettings(), catalog=catalog, registry=InMemoryRegistry()))
    with TestClient(app):
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        operations = [result.ok() for result in schema.get_all_operations()]
        assert {op.path for op in operations} == {"/", "/albums", "/albums/{album_id}"}
        for operation in operations:

            @given(case=operation.as_strategy())
            @settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck), database=None)
            def conforms(case):
                case.call_and_validate()

            conforms()
