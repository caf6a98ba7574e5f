"""Provider verification of HTTP pacts: shipping honours what its HTTP consumers published (practice 7.8).

The orders saga (ADR 0006) creates and cancels shipments here; its contract
``contracts/pacts/orders-shipping.json`` pins that both are idempotent by order
id. The real shipping app runs on a real server over the in-memory unit of
work; provider states put the shipments an interaction assumes into it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pact import Verifier

from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.chassis.testing.pacts import HTTP, provider_contracts
from musiccorp.chassis.testing.servers import serving
from musiccorp.shipping.adapters.memory import InMemoryUnitOfWork
from musiccorp.shipping.bootstrap import bootstrap
from musiccorp.shipping.config import ShippingSettings
from musiccorp.shipping.domain.model import Address, Item, Shipment
from musiccorp.shipping.domain.tracking import tracking_number
from musiccorp.shipping.entrypoints.api import create_app

PACTS = Path(__file__).resolve().parents[4] / "contracts" / "pacts"
ST_JAMES = Address(name="Ada Lovelace", line1="12 St James's Square", city="London", postcode="SW1Y 4JH",
                   country="GB")


@pytest.fixture
def provider():
    uow = InMemoryUnitOfWork()
    with serving(create_app(bootstrap(ShippingSettings(), uow=lambda: uow,
                                      registry=InMemoryRegistry()))) as url:
        yield url, uow


def _states(uow: InMemoryUnitOfWork):
    def awaiting_pick(action: str, parameters: dict | None = None) -> None:
        uow.stored.clear()  # and on teardown: an interaction without a state then starts from no shipments
        if action == "setup":
            order_id = parameters["order_id"]
            uow.stored[order_id] = Shipment(
                order_id=order_id, customer_id="5b1d2c4e-2f0a-4c55-9f7e-3c1f6f4b8a21", address=ST_JAMES,
                items=(Item("album-1", 1),), tracking_number=tracking_number(order_id),
                created_at=datetime.now(UTC), version=1)

    return {"a shipment awaits picking": awaiting_pick}


def test_shipping_honours_its_consumers_http_contracts(provider, tmp_path):
    """Every HTTP interaction in every pact naming shipping as provider replays green."""
    contracts = provider_contracts("shipping", HTTP, contracts=PACTS, scratch=tmp_path)
    assert contracts, "no consumer has published an HTTP contract with shipping (contracts/pacts/*-shipping.json)"
    url, uow = provider
    verifier = (Verifier("shipping", host="127.0.0.1").add_transport(url=url)
                .state_handler(_states(uow), teardown=True))
    for contract in contracts:
        verifier.add_source(contract)
    verifier.verify()
