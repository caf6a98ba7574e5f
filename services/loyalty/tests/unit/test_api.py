import pytest
from starlette.testclient import TestClient

from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.loyalty.bootstrap import bootstrap
from musiccorp.loyalty.config import LoyaltySettings
from musiccorp.loyalty.domain.model import PointsAccount
from musiccorp.loyalty.entrypoints.api import create_app


@pytest.fixture
def client(accounts, clock):
    accounts.accounts["c-1"] = PointsAccount.open("c-1", at=clock())
    loyalty = bootstrap(LoyaltySettings(), accounts=accounts, registry=InMemoryRegistry())
    with TestClient(create_app(loyalty)) as client:
        yield client


def test_account_is_hal_with_a_link_to_the_customer(client):
    """GET /v1/accounts/{id} shows the points and links the customer by URI."""
    body = client.get("/v1/accounts/c-1").json()
    assert body["points"] == 0
    assert body["_links"]["customer"] == {"href": "http://customers/v1/customers/c-1"}


def test_unknown_account_is_404_problem(client):
    """An account that is not open (yet) answers 404 problem+json."""
    response = client.get("/v1/accounts/nobody")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_asyncapi_lists_the_consumed_event(client):
    """/asyncapi.json says loyalty receives customers.customer.registered.v1."""
    document = client.get("/asyncapi.json").json()
    assert "customers.customer.registered.v1" in str(document["channels"])
