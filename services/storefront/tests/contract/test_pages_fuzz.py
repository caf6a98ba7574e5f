"""Schema fuzzing of the storefront's pages: any query, path or form schemathesis can invent gets a
documented answer — a page, a redirect, a 404 page, or a 4xx form naming the mistake — and never a server
error. Once as a guest, once as a signed-in shopper with a cart and an order."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance
from starlette.testclient import TestClient

from musiccorp.chassis.testing.openapi import assert_conforms_to_openapi
from musiccorp.storefront.entrypoints.api import create_app

SHOPPER_PAGES = {"/sign-in", "/signout", "/cart", "/cart/items", "/cart/items/{album_id}",
                 "/cart/items/{album_id}/removal", "/checkout", "/orders", "/orders/{order_id}",
                 "/orders/{order_id}/events"}
PAGES = {"/", "/albums", "/albums/{album_id}", "/register", "/account", "/account/status", *SHOPPER_PAGES}


def test_pages_conform_to_their_schema(shop):
    """No generated request gets a 5xx, and every answer matches the OpenAPI document."""
    app = create_app(shop)
    with TestClient(app):
        assert_conforms_to_openapi(app, paths=PAGES, business_rules=True)


def test_a_signed_in_shopper_s_pages_conform_to_their_schema(client, sign_in, make_order, orders, ada):
    """Signed in, with a cart and a completed order (its stream ends): no 5xx, every answer as documented."""
    sign_in()
    client.post("/cart/items", data={"album_id": "album-1"})
    order = make_order(ada)
    orders.advance(order.id, "completed")
    cookies = {"musiccorp_session": client.cookies.get("musiccorp_session")}
    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in (operation for operation in operations if operation.path in SHOPPER_PAGES):

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def conforms(case) -> None:
            if case.path_parameters and "order_id" in case.path_parameters:
                case.path_parameters = {"order_id": order.id}
            case.call_and_validate(cookies=cookies, excluded_checks=[positive_data_acceptance])

        conforms()
