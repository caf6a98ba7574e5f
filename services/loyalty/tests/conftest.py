from __future__ import annotations

from datetime import UTC, datetime

import pytest

from musiccorp.loyalty.adapters.memory import InMemoryAccountRepository

OPENED = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture
def accounts() -> InMemoryAccountRepository:
    return InMemoryAccountRepository()


@pytest.fixture
def clock():
    return lambda: OPENED
