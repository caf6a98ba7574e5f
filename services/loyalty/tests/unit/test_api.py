from dataclasses import replace

import pytest
from starlette.testclient import TestClient

from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.loyalty.adapters.memory import InMemoryAccountRepository
from musiccorp.loyalty.bootstrap import bootstrap
from musiccorp.loyalty.config import LoyaltySettings
from musiccorp.loyalty.domain.model import Entry, EntryKind, PointsAccount
from musiccorp.loyalty.entrypoints.api import create_app


@pytest.fixture
def client(accounts, clock):
    accounts.accounts["c-1"] = PointsAccount.open("c-1", at=clock())
    loyalty = bootstrap(LoyaltySettings(), repository=accounts, registry=InMemoryRegistry())
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


def test_asyncapi_lists_the_consumed_events(client):
    """/asyncapi.json says loyalty receives registrations, completed orders and refunds."""
    channels = str(client.get("/asyncapi.json").json()["channels"])
    for event_type in ("customers.customer.registered.v1", "orders.order.completed.v1", "payments.refund.issued.v1"):
        assert event_type in channels


def test_the_account_shows_its_entries_newest_first(clock):
    """An account with an award shows its balance and the entries explaining it, the newest first."""
    opened = PointsAccount.open("c-2", at=clock())
    earned = Entry("c-2", EntryKind.ORDER_COMPLETED, 19, clock(), "o-1")
    accounts = InMemoryAccountRepository([replace(opened, points=19, entries=(earned, *opened.entries))])
    loyalty = bootstrap(LoyaltySettings(), repository=accounts, registry=InMemoryRegistry())
    with TestClient(create_app(loyalty)) as client:
        body = client.get("/v1/accounts/c-2").json()
    at = clock().isoformat()
    assert body["points"] == 19
    assert body["entries"] == [{"kind": "order_completed", "points": 19, "order_id": "o-1", "at": at},
                               {"kind": "opened", "points": 0, "order_id": None, "at": at}]
