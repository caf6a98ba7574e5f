"""Provider verification of HTTP pacts: customers honours what its HTTP consumers published (practice 7.8).

The real customers app runs on a real server over the in-memory unit of work;
provider states put the customers an interaction assumes into it.
"""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest
import uvicorn
from pact import Verifier

from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.chassis.testing.pacts import HTTP, provider_contracts
from musiccorp.customers.adapters.memory import InMemoryUnitOfWork
from musiccorp.customers.bootstrap import bootstrap
from musiccorp.customers.config import CustomersSettings
from musiccorp.customers.domain.model import Address, Customer
from musiccorp.customers.entrypoints.api import create_app

PACTS = Path(__file__).resolve().parents[4] / "contracts" / "pacts"
ADA_ID = "5b1d2c4e-2f0a-4c55-9f7e-3c1f6f4b8a21"
ST_JAMES = Address(line1="12 St James's Square", city="London", postcode="SW1Y 4JH", country="GB")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def provider():
    uow = InMemoryUnitOfWork()
    app = create_app(bootstrap(CustomersSettings(), uow=lambda: uow, registry=InMemoryRegistry()))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=_free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    started = threading.Event()
    while not server.started and thread.is_alive():
        started.wait(0.02)
    assert server.started, "customers did not start"
    yield f"http://127.0.0.1:{server.config.port}", uow
    server.should_exit = True
    thread.join(timeout=10)


def _ada(customer_id: str, email: str) -> Customer:
    return Customer(id=customer_id, name="Ada Lovelace", email=email, address=ST_JAMES, version=1)


def _states(uow: InMemoryUnitOfWork):
    def nobody_has_the_email(action: str, parameters: dict | None = None) -> None:
        uow.stored.clear()

    def someone_has_the_email(action: str, parameters: dict | None = None) -> None:
        uow.stored.clear()
        if action == "setup":
            uow.stored[ADA_ID] = _ada(ADA_ID, parameters["email"])

    def customer_exists(action: str, parameters: dict | None = None) -> None:
        uow.stored.clear()
        if action == "setup":
            uow.stored[parameters["id"]] = _ada(parameters["id"], "ada@example.com")

    return {
        "no customer has the email": nobody_has_the_email,
        "a customer has the email": someone_has_the_email,
        "a customer exists": customer_exists,
    }


def test_customers_honours_its_consumers_http_contracts(provider, tmp_path):
    """Every HTTP interaction in every pact naming customers as provider replays green."""
    contracts = provider_contracts("customers", HTTP, contracts=PACTS, scratch=tmp_path)
    assert contracts, "no consumer has published an HTTP contract with customers (contracts/pacts/*-customers.json)"
    url, uow = provider
    verifier = (Verifier("customers", host="127.0.0.1").add_transport(url=url)
                .state_handler(_states(uow), teardown=True))
    for contract in contracts:
        verifier.add_source(contract)
    verifier.verify()
