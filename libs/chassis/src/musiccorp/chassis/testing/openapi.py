"""Schema fuzzing for any service: every operation of its OpenAPI, driven by schemathesis.

>>> assert_conforms_to_openapi(app, paths={"/v1/albums"})  # doctest: +SKIP

A test that first makes a resource to aim the generated requests at (a customer,
a held reservation) makes it with :func:`fuzzing_client`, never with another
client: schemathesis serves the app on one event loop of its own, and the app's
database pool must only ever see that loop. (Starlette's ``TestClient`` outside a
``with`` block runs each request on a new loop; a pooled SQLite connection last
used on a loop that has since closed can then hang the next request for good.)

>>> with fuzzing_client(app) as client:  # doctest: +SKIP
...     customer_id = client.post("/v1/customers", json=body).json()["id"]
"""

from __future__ import annotations

__all__ = ["assert_conforms_to_openapi", "fuzzing_client"]


def fuzzing_client(app):
    """A ``requests`` session on ``app``, served on the event loop schemathesis serves it on, its lifespan
    started once: the client to make resources with before fuzzing the routes that read them."""
    from schemathesis.python import asgi

    return asgi.get_client(app)


def assert_conforms_to_openapi(app, *, paths: set[str], max_examples: int = 50,
                               business_rules: bool = False) -> None:
    """Generate requests for every operation of ``app``; fail on a 5xx or an answer off its schema.

    ``paths`` is the set of documented paths the caller expects, so an
    operation that disappears from the document fails the test too. Run the app's
    lifespan around the call when its routes need it. ``business_rules=True``
    says the API may refuse a request that its schema allows (a taken email, a
    form a person must correct) with a documented 4xx.
    """
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from schemathesis.specs.openapi.checks import positive_data_acceptance

    excluded = [positive_data_acceptance] if business_rules else []

    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    documented = {operation.path for operation in operations}
    assert documented == paths, f"documented paths {sorted(documented)} differ from {sorted(paths)}"
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=max_examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def conforms(case) -> None:
            case.call_and_validate(excluded_checks=excluded)

        conforms()
