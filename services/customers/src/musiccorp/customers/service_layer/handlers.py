"""The customers' use cases: one plain function per command, and the one query."""

from __future__ import annotations

from musiccorp.customers.domain.commands import (
    ChangeAddress,
    CloseCustomer,
    ReactivateCustomer,
    RegisterCustomer,
    SuspendCustomer,
)
from musiccorp.customers.domain.errors import CustomerNotFound, EmailAlreadyRegistered
from musiccorp.customers.domain.model import Customer
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


async def change_address(command: ChangeAddress, *, uow: AbstractUnitOfWork) -> Customer:
    async with uow:
        customer = await _existing(command.customer_id, uow)
        customer.change_address(command.address)
        await uow.commit()
    return customer


async def suspend_customer(command: SuspendCustomer, *, uow: AbstractUnitOfWork) -> Customer:
    async with uow:
        customer = await _existing(command.customer_id, uow)
        customer.suspend()
        await uow.commit()
    return customer


async def reactivate_customer(command: ReactivateCustomer, *, uow: AbstractUnitOfWork) -> Customer:
    async with uow:
        customer = await _existing(command.customer_id, uow)
        customer.reactivate()
        await uow.commit()
    return customer


async def close_customer(command: CloseCustomer, *, uow: AbstractUnitOfWork) -> Customer:
    async with uow:
        customer = await _existing(command.customer_id, uow)
        customer.close()
        await uow.commit()
    return customer


async def find_customer(customer_id: str, *, uow: AbstractUnitOfWork) -> Customer:
    async with uow:
        return await _existing(customer_id, uow)
