from __future__ import annotations

from pathlib import Path

import pytest

from musiccorp.chassis.testing.databases import migrated_database, sqlite_url
from musiccorp.payments.adapters.memory import FakePaymentProvider, InMemoryCatalog
from musiccorp.payments.adapters.unit_of_work import SqlUnitOfWork
from musiccorp.payments.bootstrap import MIGRATIONS
from musiccorp.payments.domain.commands import RefundOrder, TakePayment
from musiccorp.payments.domain.model import LedgerLine
from musiccorp.payments.domain.money import Money

SOURCE = "/musiccorp/payments"
ORDER_ID = "7a1f3c5e-2b4d-4e6f-8a0b-1c2d3e4f5a6b"
CUSTOMER_ID = "5b1d2c4e-2f0a-4c55-9f7e-3c1f6f4b8a21"
BLUE_RIVER = "1f0c7d1e-8a53-5bd4-9c0e-6a8f0f3c2a11"
IRON_PSALMS = "2a1d8e2f-9b64-4ce5-8d1f-7b9a1e4d3b22"
LINES = (LedgerLine(BLUE_RIVER, 2, Money(999)), LedgerLine(IRON_PSALMS, 1, Money(1250)))
TOTAL = Money(3248)


def take(key: str = "charge-1", *, order_id: str = ORDER_ID, token: str = "tok_visa", lines=LINES,
         amount: Money = TOTAL, fingerprint: str | None = None) -> TakePayment:
    """A ``TakePayment`` for two albums; the fingerprint follows the body unless given."""
    fingerprint = fingerprint or f"{order_id}/{token}/{amount}/{len(lines)}"
    return TakePayment(key=key, fingerprint=fingerprint, order_id=order_id, customer_id=CUSTOMER_ID, amount=amount,
                       card_token=token, lines=lines)


def refund(key: str = "refund-1", *, order_id: str = ORDER_ID, reason: str = "stock ran out") -> RefundOrder:
    return RefundOrder(key=key, fingerprint=f"{order_id}/{reason}", order_id=order_id, reason=reason)


@pytest.fixture
def migrations() -> Path:
    """The payments schema, for the chassis' ``database`` fixture."""
    return MIGRATIONS


@pytest.fixture
def provider() -> FakePaymentProvider:
    return FakePaymentProvider()


@pytest.fixture
def catalog() -> InMemoryCatalog:
    return InMemoryCatalog({BLUE_RIVER: "Blue River", IRON_PSALMS: "Iron Psalms"})


@pytest.fixture
async def database(tmp_path):
    """The payments schema on a SQLite file only: charges, refunds and settlements are checked on the real SQL
    ledger and outbox, once (the chassis' ``database`` would run them on PostgreSQL too)."""
    async with migrated_database(sqlite_url(tmp_path, "payments"), MIGRATIONS) as database:
        yield database


@pytest.fixture
def uow(database, notified):
    """A factory of units of work on the test database; each wake-up of the relay is noted in ``notified``."""
    return lambda: SqlUnitOfWork(database.engine, source=SOURCE, notify=lambda: notified.append("outbox"))


@pytest.fixture
def take_payment_command():
    """``take_payment_command(key, order_id=..., token=..., lines=..., amount=...)``: a ``TakePayment``."""
    return take


@pytest.fixture
def refund_command():
    """``refund_command(key, order_id=..., reason=...)``: a ``RefundOrder``."""
    return refund
