"""Statements: ledger lines named by the catalog when read — or honestly not, when it cannot (5.7)."""

from datetime import timedelta

import pytest

from musiccorp.payments.adapters.memory import InMemoryUnitOfWork
from musiccorp.payments.domain.model import LedgerLine
from musiccorp.payments.domain.money import Money
from musiccorp.payments.entrypoints.representations import charge_answer
from musiccorp.payments.service_layer import handlers, statements

LEASE = timedelta(seconds=15)
GONE = "9f9f9f9f-0000-4000-8000-000000000000"


@pytest.fixture
def uow():
    """The in-memory ledger: a statement reads what is recorded, whichever ledger records it."""
    ledger = InMemoryUnitOfWork()
    return lambda: ledger


@pytest.fixture
async def paid(uow, provider, clock, take_payment_command):
    """A captured payment for two albums, a declined one, and one for an album the catalog no longer has."""
    async def charge(command):
        clock.advance(minutes=1)
        await handlers.take_payment(command, uow=uow(), provider=provider, present=charge_answer, clock=clock,
                                    lease=LEASE)
    await charge(take_payment_command("k1", order_id="order-1"))
    await charge(take_payment_command("k2", order_id="order-2", token="tok_declined"))
    await charge(take_payment_command("k3", order_id="order-3", lines=(LedgerLine(GONE, 1, Money(500)),),
                                      amount=Money(500)))
    return take_payment_command().customer_id


async def test_titles_come_from_the_catalog_and_a_forgotten_album_is_an_unknown_item(paid, uow, catalog):
    """Lines of money actually taken, titled by the catalog; an id it no longer knows reads 'Unknown item'."""
    lines = await statements.statement(paid, uow=uow(), catalog=catalog)
    assert [(line.payment.order_id, line.title, line.title_unavailable) for line in lines] == [
        ("order-1", "Blue River", False), ("order-1", "Iron Psalms", False), ("order-3", "Unknown item", False)]
    assert [line.total for line in lines] == [Money(1998), Money(1250), Money(500)]


async def test_when_the_catalog_is_down_lines_show_without_titles(paid, uow, catalog):
    """No title and title_unavailable, rather than no statement at all."""
    catalog.down = True
    lines = await statements.statement(paid, uow=uow(), catalog=catalog)
    assert {(line.title, line.title_unavailable) for line in lines} == {(None, True)}
    assert len(lines) == 3


async def test_each_album_is_looked_up_once(paid, uow, catalog, provider, clock, take_payment_command):
    """The same album on two payments costs one lookup."""
    await handlers.take_payment(take_payment_command("k4", order_id="order-4"), uow=uow(), provider=provider,
                                present=charge_answer, clock=clock, lease=LEASE)
    await statements.statement(paid, uow=uow(), catalog=catalog)
    assert sorted(catalog.lookups) == sorted(set(catalog.lookups)) and len(catalog.lookups) == 3


async def test_a_customer_without_payments_has_an_empty_statement(uow, catalog):
    """Nobody's statement is empty, not an error."""
    assert await statements.statement("nobody", uow=uow(), catalog=catalog) == []
