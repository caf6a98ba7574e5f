"""Customers and their outbox on real databases: SQLite (the embedded default) and PostgreSQL (production).

The state change and the events announcing it are written in one transaction:
both or neither (ADR 0005).
"""

import json

import pytest
from sqlalchemy import select

from musiccorp.chassis.database import Database
from musiccorp.chassis.testing.databases import row_count as count
from musiccorp.customers.adapters.tables import customers, outbox
from musiccorp.customers.adapters.unit_of_work import SqlUnitOfWork
from musiccorp.customers.domain.commands import ChangeAddress, RegisterCustomer, SuspendCustomer
from musiccorp.customers.domain.errors import ConcurrentChange, EmailAlreadyRegistered
from musiccorp.customers.domain.model import Customer, Status
from musiccorp.customers.service_layer import handlers

SOURCE = "/musiccorp/customers"


@pytest.fixture
def uow(database, notified):
    """Units of work on the chassis' test ``database`` (the customers schema); relay wake-ups go to ``notified``."""
    return lambda: SqlUnitOfWork(database.engine, source=SOURCE, notify=lambda: notified.append("outbox"))


async def outbox_rows(database: Database) -> list:
    async with database.engine.connect() as connection:
        return (await connection.execute(select(outbox).order_by(outbox.c.seq))).all()


async def register(uow, address, email: str = "nina@example.com") -> Customer:
    return await handlers.register_customer(RegisterCustomer(name="Nina Valdés", email=email, address=address),
                                            uow=uow())


async def test_registering_writes_the_customer_and_exactly_one_outbox_row(database, uow, address, notified):
    """One registration commits one customer row and one outbox row carrying the event by reference."""
    nina = await register(uow, address)
    assert await count(database, customers) == 1
    [row] = await outbox_rows(database)
    assert (row.type, row.subject, row.published_at) == ("customers.customer.registered.v1", nina.id, None)
    envelope = json.loads(row.body)
    assert envelope["source"] == SOURCE
    assert envelope["data"] == {"customer_id": nina.id, "customer_uri": f"http://customers/v1/customers/{nina.id}"}
    assert notified == ["outbox"]


async def test_a_refused_duplicate_writes_neither_customer_nor_event(database, uow, address, other_address,
                                                                     notified):
    """A duplicate email caught by the unique constraint rolls back: no second customer, no second event."""
    await register(uow, address)
    intruder = Customer.register(customer_id="1c9e2b7d-5f3a-4e8b-9d6c-2a1b0c9d8e7f", name="Someone Else",
                                 email="nina@example.com", address=other_address)
    with pytest.raises(EmailAlreadyRegistered):
        async with uow() as unit:  # past the handler's own check: the database has the last word
            unit.customers.add(intruder)
            await unit.commit()
    assert (await count(database, customers), await count(database, outbox)) == (1, 1)
    assert notified == ["outbox"]


async def test_a_failed_commit_takes_back_the_events_already_written(database, uow, address, other_address):
    """When a unit fails after writing one customer's change and event, neither the change nor the event stays."""
    nina = await register(uow, address)
    with pytest.raises(EmailAlreadyRegistered):
        async with uow() as unit:
            (await unit.customers.get(nina.id)).change_address(other_address)  # written first ...
            unit.customers.add(Customer.register(customer_id="1c9e2b7d-5f3a-4e8b-9d6c-2a1b0c9d8e7f",
                                                 name="Someone Else", email=nina.email, address=other_address))
            await unit.commit()  # ... then the duplicate fails the transaction
    assert (await handlers.find_customer(nina.id, uow=uow())).address == address
    assert [row.type for row in await outbox_rows(database)] == ["customers.customer.registered.v1"]


async def test_changes_read_back_and_each_adds_its_event_in_order(database, uow, address, other_address):
    """Address change and suspension persist, bump the version and append their events after the first."""
    nina = await register(uow, address)
    await handlers.change_address(ChangeAddress(nina.id, other_address), uow=uow())
    await handlers.suspend_customer(SuspendCustomer(nina.id), uow=uow())
    stored = await handlers.find_customer(nina.id, uow=uow())
    assert (stored.address, stored.status, stored.version) == (other_address, Status.SUSPENDED, 3)
    assert [row.type for row in await outbox_rows(database)] == [
        "customers.customer.registered.v1", "customers.customer.address_changed.v1",
        "customers.customer.suspended.v1"]


async def test_of_two_changes_from_one_reading_the_second_is_refused(database, uow, address):
    """Two units that read the same customer: the later commit raises ConcurrentChange and records nothing."""
    nina = await register(uow, address)
    async with uow() as first, uow() as second:
        (await first.customers.get(nina.id)).suspend()
        (await second.customers.get(nina.id)).close()
        await first.commit()
        with pytest.raises(ConcurrentChange):
            await second.commit()
    assert (await handlers.find_customer(nina.id, uow=uow())).status is Status.SUSPENDED
    assert await count(database, outbox) == 2


async def test_customers_are_found_by_their_normalised_email(database, uow, address):
    """The email query reads exactly the customer with that email from the database, and nobody else."""
    nina = await register(uow, address)
    await register(uow, address, email="ninab@example.com")
    found = await handlers.customers_with_email("Nina@Example.com", uow=uow())
    assert [(c.id, c.email, c.version) for c in found] == [(nina.id, "nina@example.com", 1)]
    assert await handlers.customers_with_email("nobody@example.com", uow=uow()) == []
