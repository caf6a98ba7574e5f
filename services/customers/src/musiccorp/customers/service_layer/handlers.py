"""The customers' use cases: one plain function per command, and the two queries."""

from __future__ import annotations

from collections.abc import Callable

from musiccorp.customers.domain.commands import (
    ChangeAddress,
    CloseCustomer,
    ReactivateCustomer,
    RegisterCustomer,
    SuspendCustomer,
)
from musiccorp.customers.domain.errors import CustomerNotFound, EmailAlreadyRegistered
from musiccorp.customers.domain.model import Customer, normalise_email
from musiccorp.customers.service_layer.ports import AbstractUnitOfWork


async def _existing(customer_id: str, uow: AbstractUnitOfWork) -> Customer:
    customer = await uow.customers.get(customer_id)
    if customer is None:
        raise CustomerNotFound(customer_id)
    return customer


async def register_customer(command: RegisterCustomer, *, uow: AbstractUnitOfWork) -> Customer:
    customer = Customer.register(customer_id=command.customer_id, name=command.name, email=command.email,
                                 address=command.address)
    async with uow:
        if await uow.customers.email_registered(customer.email):
            raise EmailAlreadyRegistered(customer.email)
        uow.customers.add(customer)
        await uow.commit()
    return customer


async def _change(customer_id: str, uow: AbstractUnitOfWork, change: Callable[[Customer], None]) -> Customer:
    """Load the customer, apply one change of the aggregate, commit it with the events it recorded."""
    async with uow:
        customer = await _existing(customer_id, uow)
        change(customer)
        await uow.commit()
    return customer


async def change_address(command: ChangeAddress, *, uow: AbstractUnitOfWork) -> Customer:
    return await _change(command.customer_id, uow, lambda customer: customer.change_address(command.address))


async def suspend_customer(command: SuspendCustomer, *, uow: AbstractUnitOfWork) -> Customer:
    return await _change(command.customer_id, uow, Customer.suspend)


async def reactivate_customer(command: ReactivateCustomer, *, uow: AbstractUnitOfWork) -> Customer:
    return await _change(command.customer_id, uow, Customer.reactivate)


async def close_customer(command: CloseCustomer, *, uow: AbstractUnitOfWork) -> Customer:
    return await _change(command.customer_id, uow, Customer.close)


async def find_customer(customer_id: str, *, uow: AbstractUnitOfWork) -> Customer:
    async with uow:
        return await _existing(customer_id, uow)


async def customers_with_email(email: str, *, uow: AbstractUnitOfWork) -> list[Customer]:
    """The customers registered with ``email``, compared as registration stores it (lower case).

    Raises ``InvalidCustomer`` for a string that is no email address: it could match nobody, and
    saying so beats an empty answer that hides a caller's mistake.
    """
    normalised = normalise_email(email)
    async with uow:
        return await uow.customers.with_email(normalised)
