"""Provider verification of HTTP pacts: the warehouse honours what its HTTP consumers published (practice 7.8).

Orders drives the checkout saga's reservation steps against the warehouse and
publishes what it relies on as ``contracts/pacts/orders-warehouse.json``. The
real warehouse app runs on a real server over the in-memory unit of work;
provider states put the stock and the reservations an interaction assumes into it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pact import Verifier

from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.chassis.testing.pacts import HTTP, provider_contracts
from musiccorp.chassis.testing.servers import serving
from musiccorp.warehouse.adapters.memory import InMemoryUnitOfWork
from musiccorp.warehouse.bootstrap import bootstrap
from musiccorp.warehouse.config import WarehouseSettings
from musiccorp.warehouse.domain.destinations import Zone
from musiccorp.warehouse.domain.lines import Line
from musiccorp.warehouse.domain.model import Reservation
from musiccorp.warehouse.domain.stock import StockLevel
from musiccorp.warehouse.entrypoints.api import create_app

PACTS = Path(__file__).resolve().parents[4] / "contracts" / "pacts"


@pytest.fixture
def provider():
    uow = InMemoryUnitOfWork()
    app = create_app(bootstrap(WarehouseSettings(), uow=lambda: uow, registry=InMemoryRegistry()))
    with serving(app) as url:
        yield url, uow


def _states(uow: InMemoryUnitOfWork):
    def reset() -> None:
        uow.stored.clear()
        uow.levels.clear()
        uow.published.clear()
        uow.pick_lists.clear()

    def album_has_stock(action: str, parameters: dict | None = None) -> None:
        reset()
        if action == "setup":
            album_id, on_hand = parameters["album_id"], int(parameters["on_hand"])
            uow.levels[album_id] = StockLevel(album_id, on_hand=on_hand, reserved=0)

    def reservation_is_held(action: str, parameters: dict | None = None) -> None:
        reset()
        if action == "setup":
            order_id, album_id = parameters["order_id"], parameters["album_id"]
            uow.levels[album_id] = StockLevel(album_id, on_hand=10, reserved=1)
            uow.stored[order_id] = Reservation(order_id=order_id, ship_to_country="GB", zone=Zone.DOMESTIC,
                                               lines=(Line(album_id, 1),), version=1,
                                               expires_at=datetime.now(UTC) + timedelta(minutes=15))

    return {"album has stock": album_has_stock, "a reservation is held": reservation_is_held}


def test_warehouse_honours_its_consumers_http_contracts(provider, tmp_path):
    """Every HTTP interaction in every pact naming the warehouse as provider replays green."""
    contracts = provider_contracts("warehouse", HTTP, contracts=PACTS, scratch=tmp_path)
    assert contracts, ("no consumer has published an HTTP contract with the warehouse yet: orders writes "
                       "contracts/pacts/orders-warehouse.json (run its contract tests with MUSICCORP_UPDATE_PACTS=1)")
    url, uow = provider
    verifier = (Verifier("warehouse", host="127.0.0.1").add_transport(url=url)
                .state_handler(_states(uow), teardown=True))
    for contract in contracts:
        verifier.add_source(contract)
    verifier.verify()
