"""The use cases, driven through the in-memory unit of work."""

import pytest

from musiccorp.customers.domain.commands import (
    ChangeAddress,
    CloseCustomer,
    ReactivateCustomer,
    RegisterCustomer,
    SuspendCustomer,
)
from musiccorp.customers.domain.errors import (
    CustomerNotFound,
    EmailAlreadyRegistered,
    IllegalTransition,
    InvalidCustomer,
)
from musiccorp.customers.domain.events import (
    AddressChanged,
    CustomerClosed,
    CustomerReactivated,
    CustomerRegistered,
    CustomerSuspended,
)
from musiccorp.customers.domain.model import Status
from musiccorp.customers.service_layer import handlers


@pytest.fixture
async def registered(uow, address):
    return await handlers.register_customer(
        RegisterCustomer(name="Nina Valdés", email="Nina@Example.com", address=address), uow=uow)


async def test_registering_stores_the_customer_and_publishes_registered(uow, registered):
    """A new customer is committed with one CustomerRegistered event."""
    stored = await handlers.find_customer(registered.id, uow=uow)
    assert (stored.email, stored.status, stored.version) == ("nina@example.com", Status.ACTIVE, 1)
    assert uow.published == [CustomerRegistered(registered.id)]


async def test_an_email_registers_once_whatever_its_case(uow, registered, other_address):
    """A second registration with the same email, differently cased, is refused and commits nothing."""
    with pytest.raises(EmailAlreadyRegistered):
        await handlers.register_customer(
            RegisterCustomer(name="Someone Else", email="NINA@example.COM", address=other_address), uow=uow)
    assert (uow.commits, len(uow.stored)) == (1, 1)
    assert uow.published == [CustomerRegistered(registered.id)]


async def test_the_lifecycle_publishes_one_event_per_change(uow, registered, other_address):
    """Address change, suspension, reactivation and closure each commit and publish their event."""
    customer_id = registered.id
    await handlers.change_address(ChangeAddress(customer_id, other_address), uow=uow)
    await handlers.suspend_customer(SuspendCustomer(customer_id), uow=uow)
    await handlers.reactivate_customer(ReactivateCustomer(customer_id), uow=uow)
    closed = await handlers.close_customer(CloseCustomer(customer_id), uow=uow)
    assert closed.status is Status.CLOSED
    assert uow.published == [CustomerRegistered(customer_id), AddressChanged(customer_id),
                             CustomerSuspended(customer_id), CustomerReactivated(customer_id),
                             CustomerClosed(customer_id)]
    stored = await handlers.find_customer(customer_id, uow=uow)
    assert (stored.status, stored.address, stored.version) == (Status.CLOSED, other_address, 5)


async def test_an_illegal_transition_commits_nothing(uow, registered):
    """Reactivating an active customer raises IllegalTransition; state and published events stay as they were."""
    with pytest.raises(IllegalTransition, match="active cannot reactivate"):
        await handlers.reactivate_customer(ReactivateCustomer(registered.id), uow=uow)
    assert (await handlers.find_customer(registered.id, uow=uow)).status is Status.ACTIVE
    assert uow.published == [CustomerRegistered(registered.id)]


async def test_the_same_address_again_publishes_nothing(uow, registered, address):
    """Putting the current address again succeeds without an event (PUT is idempotent)."""
    await handlers.change_address(ChangeAddress(registered.id, address), uow=uow)
    assert uow.published == [CustomerRegistered(registered.id)]


@pytest.mark.parametrize("handler, command", [
    (handlers.suspend_customer, SuspendCustomer("no-such-customer")),
    (handlers.reactivate_customer, ReactivateCustomer("no-such-customer")),
    (handlers.close_customer, CloseCustomer("no-such-customer")),
])
async def test_an_unknown_customer_is_not_found(uow, handler, command):
    """A command for an id nobody has raises CustomerNotFound."""
    with pytest.raises(CustomerNotFound):
        await handler(command, uow=uow)
    with pytest.raises(CustomerNotFound):
        await handlers.find_customer("no-such-customer", uow=uow)


async def test_customers_are_found_by_email_whatever_its_case(uow, registered):
    """The email query matches the normalised email exactly, in any case, and finds nobody else."""
    assert [c.id for c in await handlers.customers_with_email("NINA@example.com", uow=uow)] == [registered.id]
    assert await handlers.customers_with_email("nina@example.org", uow=uow) == []
    assert await handlers.customers_with_email("ina@example.com", uow=uow) == []


async def test_finding_by_something_that_is_no_email_is_refused(uow, registered):
    """A query string that is not an email address raises InvalidCustomer rather than matching nobody."""
    with pytest.raises(InvalidCustomer):
        await handlers.customers_with_email("nina", uow=uow)
