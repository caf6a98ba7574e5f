"""One charge per Idempotency-Key on real databases (SQLite and PostgreSQL), however requests race or fail.

Requests go over HTTP (in process) to the real app; PayBuddy is a fake that
counts the charges it is asked for.
"""

from __future__ import annotations

import asyncio

import httpx2
import pytest
from sqlalchemy import func, select

from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.chassis.testing import eventually, outbox_rows
from musiccorp.payments.adapters.memory import FakePaymentProvider, InMemoryCatalog
from musiccorp.payments.adapters.tables import idempotency_keys, payments
from musiccorp.payments.adapters.unit_of_work import SqlUnitOfWork
from musiccorp.payments.bootstrap import bootstrap
from musiccorp.payments.config import PaymentsSettings
from musiccorp.payments.domain.commands import TakePayment
from musiccorp.payments.domain.model import LedgerLine
from musiccorp.payments.domain.money import Money
from musiccorp.payments.entrypoints.api import create_app
from musiccorp.payments.entrypoints.representations import charge_answer
from musiccorp.payments.service_layer import handlers

BODY = {"order_id": "order-1", "customer_id": "customer-1", "amount": {"amount": "19.98", "currency": "GBP"},
        "card_token": "tok_visa", "lines": [{"album_id": "album-1", "quantity": 2,
                                             "unit_price": {"amount": "9.99", "currency": "GBP"}}]}
KEY = {"Idempotency-Key": "charge-order-1"}


@pytest.fixture
async def service(database_url):
    """The payments app on the test database, its fake PayBuddy, and an HTTP client to it."""
    provider = FakePaymentProvider()
    wired = bootstrap(PaymentsSettings(database_url=database_url), provider=provider, catalog=InMemoryCatalog(),
                      registry=InMemoryRegistry())
    await wired.runtime.database.migrate()
    transport = httpx2.ASGITransport(app=create_app(wired))
    async with httpx2.AsyncClient(transport=transport, base_url="http://payments") as client:
        yield wired, provider, client
    await wired.runtime.database.dispose()


async def count(wired, table) -> int:
    async with wired.runtime.database.engine.connect() as connection:
        return await connection.scalar(select(func.count()).select_from(table))


async def test_two_identical_requests_at_once_charge_once(service):
    """Racing twins: one charges (201); the other waits for it and replays its answer (200)."""
    wired, provider, client = service
    answers = await asyncio.gather(*(client.post("/v1/payments", json=BODY, headers=KEY) for _ in range(2)))
    assert sorted(answer.status_code for answer in answers) == [200, 201]
    assert answers[0].json() == answers[1].json()
    assert provider.charge_calls == 1
    assert await count(wired, payments) == 1


async def test_a_twin_arriving_mid_charge_waits_and_gets_the_same_answer(service):
    """While the first request is at PayBuddy the twin waits (no second call); then it answers 200, the same."""
    wired, provider, client = service
    provider.gate = asyncio.Event()
    first = asyncio.create_task(client.post("/v1/payments", json=BODY, headers=KEY))
    await eventually(lambda: provider.charge_calls == 1, what="the first request reaching PayBuddy")
    twin = asyncio.create_task(client.post("/v1/payments", json=BODY, headers=KEY))
    answered, _ = await asyncio.wait({twin}, timeout=0.2)
    assert not answered, "the twin answered while the first request was still at PayBuddy"
    provider.gate.set()
    created, replayed = await first, await twin
    assert (created.status_code, replayed.status_code, replayed.json()) == (201, 200, created.json())
    assert provider.charge_calls == 1


async def test_a_twin_that_runs_out_of_patience_is_told_to_retry(service, database_url):
    """An instance configured with little patience answers a twin 409 request-in-progress with Retry-After."""
    _, provider, client = service
    impatient = bootstrap(PaymentsSettings(database_url=database_url, paybuddy_timeout=0.01), provider=provider,
                          catalog=InMemoryCatalog(), registry=InMemoryRegistry())
    provider.gate = asyncio.Event()
    first = asyncio.create_task(client.post("/v1/payments", json=BODY, headers=KEY))
    await eventually(lambda: provider.charge_calls == 1, what="the first request reaching PayBuddy")
    async with httpx2.AsyncClient(transport=httpx2.ASGITransport(app=create_app(impatient)),
                                  base_url="http://payments") as other_instance:
        twin = await other_instance.post("/v1/payments", json=BODY, headers=KEY)
    provider.gate.set()
    assert (twin.status_code, twin.headers["retry-after"]) == (409, "1")
    assert twin.json()["type"].endswith("/problems/request-in-progress")
    assert (await first).status_code == 201
    await impatient.runtime.database.dispose()


async def test_outcome_event_and_answer_commit_together_or_not_at_all(service):
    """A crash after PayBuddy answered but before the commit leaves no outcome, no event and no answer;
    once the dead request's claim lapses, the retry records all three, once, from the same charge."""
    wired, provider, _ = service
    engine = wired.runtime.database.engine
    command = TakePayment(key="charge-order-1", fingerprint="f", order_id="order-1", customer_id="customer-1",
                          amount=Money(1998), card_token="tok_visa", lines=(LedgerLine("album-1", 2, Money(999)),))

    def crash(payment):
        raise RuntimeError("the process died before committing")

    async def take(present, clock):
        uow = SqlUnitOfWork(engine, source="/musiccorp/payments", notify=lambda: None)
        return await handlers.take_payment(command, uow=uow, provider=provider, present=present, clock=clock,
                                           lease=wired.lease)

    with pytest.raises(RuntimeError):
        await take(crash, wired.clock)
    async with engine.connect() as connection:
        assert await connection.scalar(select(payments.c.status)) == "pending"
    assert (await outbox_rows(engine), await count(wired, idempotency_keys)) == ([], 0)

    answer = await take(charge_answer, lambda: wired.clock() + wired.lease)
    assert answer.status_code == 201
    assert [row.type for row in await outbox_rows(engine)] == ["payments.payment.captured.v1"]
    assert await count(wired, idempotency_keys) == 1
    assert list(provider.charges) == ["ch_fake_1"]
