from __future__ import annotations

import json
from datetime import timedelta
from importlib.resources import files
from pathlib import Path

import pytest

from musiccorp.warehouse.adapters.memory import InMemoryUnitOfWork
from musiccorp.warehouse.bootstrap import MIGRATIONS
from musiccorp.warehouse.domain.lines import Line
from musiccorp.warehouse.domain.model import Reservation

HOLD = timedelta(minutes=15)
PLENTY = "4dafff35-5130-581c-af3f-6f10e5597d81"
FEW = "b03053f5-82c9-5508-8661-2ffe2929625a"
LAST_COPY = "7fa957a0-aa47-5d28-8be0-388f108b207d"
ORDER = "9d2f6a4e-1c3b-4f7a-8e5d-2b6c1a0f9e84"
OTHER_ORDER = "1c0b7e55-8d2a-4c6e-b1f3-5a9e7d3c2b10"
# The opening stock is the data of migration 0002, frozen with it.
OPENING_STOCK = files("musiccorp.warehouse").joinpath("migrations/versions/0002_split_stock_from_the_catalogue.json")


@pytest.fixture(scope="session")
def opening_stock() -> dict[str, int]:
    """Album id -> units on hand, as the data migration loads them into a fresh database."""
    return json.loads(OPENING_STOCK.read_text("utf-8"))["on_hand"]


@pytest.fixture
def migrations() -> Path:
    """The warehouse schema and its opening stock, for the chassis' ``database`` fixture."""
    return MIGRATIONS


@pytest.fixture
def uow() -> InMemoryUnitOfWork:
    """A fake unit of work stocking three albums: plenty, a few, and the last copy."""
    return InMemoryUnitOfWork({PLENTY: 20, FEW: 3, LAST_COPY: 1})


@pytest.fixture
def held(clock):
    """Make a new hold: ``held(Line(PLENTY, 2), order_id=...)``, expiring HOLD after the clock's now."""
    def make(*lines: Line, order_id: str = ORDER, country: str = "GB") -> Reservation:
        return Reservation.hold(order_id=order_id, ship_to_country=country, lines=lines or (Line(PLENTY, 2),),
                                now=clock(), hold_for=HOLD)

    return make
