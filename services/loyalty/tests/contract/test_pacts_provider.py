"""Provider verification: loyalty honours every contract its consumers published (practice 7.8)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pact import Verifier

from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.chassis.testing.servers import serving
from musiccorp.loyalty.adapters.memory import InMemoryAccountRepository
from musiccorp.loyalty.bootstrap import bootstrap
from musiccorp.loyalty.config import LoyaltySettings
from musiccorp.loyalty.domain.model import PointsAccount
from musiccorp.loyalty.entrypoints.api import create_app

PACTS = Path(__file__).resolve().parents[4] / "contracts" / "pacts"


@pytest.fixture
def provider():
    accounts = InMemoryAccountRepository()
    with serving(create_app(bootstrap(LoyaltySettings(), repository=accounts, registry=InMemoryRegistry()))) as url:
        yield url, accounts


def test_loyalty_honours_its_consumers_contracts(provider):
    """Every interaction of every pact naming loyalty as provider replays green."""
    url, accounts = provider

    def account_open(action: str, parameters: dict | None = None) -> None:
        accounts.accounts.clear()
        if action == "setup":
            customer_id = parameters["customer_id"]
            accounts.accounts[customer_id] = PointsAccount.open(customer_id, at=datetime.now(UTC))

    def no_account(action: str, parameters: dict | None = None) -> None:
        accounts.accounts.clear()

    contracts = sorted(PACTS.glob("*-loyalty.json"))
    assert contracts, "no consumer has published a contract with loyalty"
    verifier = (Verifier("loyalty", host="127.0.0.1").add_transport(url=url)
                .state_handler({"an account is open": account_open, "no account is open": no_account},
                               teardown=True))
    for contract in contracts:
        verifier.add_source(contract)
    verifier.verify()
