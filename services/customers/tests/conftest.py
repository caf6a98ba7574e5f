from __future__ import annotations

from pathlib import Path

import pytest

from musiccorp.customers.adapters.memory import InMemoryUnitOfWork
from musiccorp.customers.bootstrap import MIGRATIONS
from musiccorp.customers.domain.model import Address, Customer, Status

HARBOUR_STREET = Address(line1="12 Harbour Street", city="Bristol", postcode="BS1 4DJ", country="GB")
RIVER_ROAD = Address(line1="3 River Road", line2="Flat 2", city="Seoul", postcode="04524", country="KR")


def make_customer(status: Status = Status.ACTIVE, *, customer_id: str = "7d1e8c1a-2f4b-4c57-9a0e-3b6f1d2c4e5a",
                  email: str = "nina@example.com") -> Customer:
    return Customer(id=customer_id, name="Nina Valdés", email=email, address=HARBOUR_STREET, status=status)


@pytest.fixture
def migrations() -> Path:
    """The customers schema, for the chassis' ``database`` fixture."""
    return MIGRATIONS


@pytest.fixture
def customer_in():
    """Make a customer in a given state: ``customer_in(Status.SUSPENDED)``."""
    return make_customer


@pytest.fixture
def address() -> Address:
    return HARBOUR_STREET


@pytest.fixture
def other_address() -> Address:
    return RIVER_ROAD


@pytest.fixture
def uow() -> InMemoryUnitOfWork:
    return InMemoryUnitOfWork()
