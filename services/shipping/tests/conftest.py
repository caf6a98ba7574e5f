from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from musiccorp.chassis.testing import FakeUtcClock
from musiccorp.shipping.adapters.memory import InMemoryUnitOfWork
from musiccorp.shipping.bootstrap import MIGRATIONS
from musiccorp.shipping.domain.commands import RequestShipment
from musiccorp.shipping.domain.model import Address, Item, Shipment, Status

ORDER_ID = "9a1f0c2e-6b3d-4e8f-a7c5-1d2e3f4a5b6c"
CUSTOMER_ID = "7d1e8c1a-2f4b-4c57-9a0e-3b6f1d2c4e5a"
HARBOUR_STREET = Address(name="Nina Valdés", line1="12 Harbour Street", city="Bristol", postcode="BS1 4DJ",
                         country="GB")
RIVER_ROAD = Address(name="Nina Valdés", line1="3 River Road", line2="Flat 2", city="Seoul", postcode="04524",
                     country="KR")
TWO_ALBUMS = (Item("album-1", 1), Item("album-2", 2))
START = FakeUtcClock.START


def request(order_id: str = ORDER_ID, *, address: Address = HARBOUR_STREET,
            items: tuple[Item, ...] = TWO_ALBUMS, customer_id: str = CUSTOMER_ID) -> RequestShipment:
    return RequestShipment(order_id=order_id, customer_id=customer_id, address=address, items=items)


def shipment_in(status: Status = Status.AWAITING_PICK, *, order_id: str = ORDER_ID,
                tracking_number: str = "MC00000000000") -> Shipment:
    return Shipment(order_id=order_id, customer_id=CUSTOMER_ID, address=HARBOUR_STREET, items=TWO_ALBUMS,
                    tracking_number=tracking_number, created_at=START, status=status, version=1)


@pytest.fixture
def shipment_request():
    """Make a shipment request: ``shipment_request(order_id, address=..., items=...)``."""
    return request


@pytest.fixture
def stored_shipment():
    """Make a stored shipment in a given state: ``stored_shipment(Status.DISPATCHED)``."""
    return shipment_in


@pytest.fixture
def clock() -> FakeUtcClock:
    """Each reading is a minute after the last: the order of events shows in their times."""
    return FakeUtcClock(START, tick=timedelta(minutes=1))


@pytest.fixture
def migrations() -> Path:
    """The shipping schema, for the chassis' ``database`` fixture."""
    return MIGRATIONS


@pytest.fixture
def uow() -> InMemoryUnitOfWork:
    return InMemoryUnitOfWork()


@pytest.fixture
def address() -> Address:
    return HARBOUR_STREET


@pytest.fixture
def other_address() -> Address:
    return RIVER_ROAD
