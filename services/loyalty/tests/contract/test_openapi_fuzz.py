"""Schema fuzzing: every request schemathesis invents gets a documented answer, never a 5xx."""

from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.chassis.testing.openapi import assert_conforms_to_openapi
from musiccorp.loyalty.bootstrap import bootstrap
from musiccorp.loyalty.config import LoyaltySettings
from musiccorp.loyalty.domain.model import PointsAccount
from musiccorp.loyalty.entrypoints.api import create_app


def test_loyalty_api_conforms_to_its_schema(accounts, clock):
    """No generated request gets a 5xx, and every answer matches the OpenAPI document."""
    accounts.accounts["c-1"] = PointsAccount.open("c-1", at=clock())
    app = create_app(bootstrap(LoyaltySettings(), repository=accounts, registry=InMemoryRegistry()))
    assert_conforms_to_openapi(app, paths={"/v1/accounts/{customer_id}"})
