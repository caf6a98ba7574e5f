from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.chassis.events import Envelope
from musiccorp.chassis.testing import FakeUtcClock
from musiccorp.loyalty.adapters.memory import InMemoryAccountRepository
from musiccorp.loyalty.bootstrap import MIGRATIONS, Loyalty, bootstrap
from musiccorp.loyalty.config import LoyaltySettings
from musiccorp.loyalty.entrypoints.consumer import subscriptions

OPENED = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture
def accounts() -> InMemoryAccountRepository:
    return InMemoryAccountRepository()


@pytest.fixture
def clock() -> FakeUtcClock:
    return FakeUtcClock(OPENED)


@pytest.fixture
def migrations() -> Path:
    """The loyalty schema, for the chassis' ``database`` fixture."""
    return MIGRATIONS


@pytest.fixture
def consumer():
    """Loyalty on a migrated database at a URL, handing an event body to the handler it subscribes for the event's
    type, in a transaction of its own — as the chassis consumer does::

        async with consumer(database_url) as (loyalty, handle):
            envelope = await handle(body)
    """

    @contextlib.asynccontextmanager
    async def wire(database_url: str) -> AsyncIterator[tuple[Loyalty, Callable[[bytes], Awaitable[Envelope]]]]:
        loyalty = bootstrap(LoyaltySettings(database_url=database_url), registry=InMemoryRegistry())
        handlers = {subscription.event_type: subscription.handler for subscription in subscriptions(loyalty)}
        database = loyalty.runtime.database

        async def handle(body: bytes) -> Envelope:
            envelope = Envelope.from_bytes(body)
            async with database.engine.begin() as connection:
                await handlers[envelope.type](envelope, connection)
            return envelope

        try:
            await database.migrate()
            yield loyalty, handle
        finally:
            await database.dispose()

    return wire
