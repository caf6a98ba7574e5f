from __future__ import annotations

from datetime import UTC, datetime

import pytest

from musiccorp.notifications.adapters.memory import FakeCustomerDirectory, FakeMailer, InMemoryMailRepository
from musiccorp.notifications.domain.model import Contact

NOW = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
URI = "http://customers/v1/customers/c-1"


@pytest.fixture
def directory() -> FakeCustomerDirectory:
    return FakeCustomerDirectory({URI: Contact(name="Ada Lovelace", email="ada@example.com")})


@pytest.fixture
def mails() -> InMemoryMailRepository:
    return InMemoryMailRepository()


@pytest.fixture
def mailer() -> FakeMailer:
    return FakeMailer()


@pytest.fixture
def clock():
    return lambda: NOW
