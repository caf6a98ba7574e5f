"""In-memory customers: the fake unit of work for unit tests and the API's tests without a database.

It keeps the promises of the real one: a customer handed out is a copy, so an
uncommitted change is lost; a commit is all or nothing; an email is registered
once; a change made since a customer was read is refused.
"""

from __future__ import annotations

import copy

from musiccorp.customers.domain.errors import ConcurrentChange, EmailAlreadyRegistered
from musiccorp.customers.domain.events import DomainEvent
from musiccorp.customers.domain.model import Customer
from musiccorp.customers.service_layer.ports import AbstractCustomerRepository, AbstractUnitOfWork


class InMemoryCustomerRepository(AbstractCustomerRepository):
    def __init__(self, stored: dict[str, Customer]) -> None:
        super().__init__()
        self.stored = stored

    async def _get(self, customer_id: str) -> Customer | None:
        found = self.stored.get(customer_id)
        return copy.deepcopy(found) if found is not None else None

    async def email_registered(self, email: str) -> bool:
        return any(customer.email == email for customer in self.stored.values())

    async def with_email(self, email: str) -> list[Customer]:
        return [copy.deepcopy(customer) for customer in self.stored.values() if customer.email == email]

    async def store(self, customer: Customer) -> None:
        current = self.stored.get(customer.id)
        if (current.version if current else 0) != customer.version:
            raise ConcurrentChange(customer.id)
        if current is None and await self.email_registered(customer.email):
            raise EmailAlreadyRegistered(customer.email)
        snapshot = copy.deepcopy(customer)
        snapshot.version += 1
        snapshot.events.clear()
        self.stored[customer.id] = snapshot


class InMemoryUnitOfWork(AbstractUnitOfWork):
    """Re-usable: every ``async with`` is a new unit over the same stored customers.

    ``published`` lists the domain events of every commit, in order.
    """

    def __init__(self) -> None:
        self.stored: dict[str, Customer] = {}
        self.published: list[DomainEvent] = []
        self.commits = 0

    async def __aenter__(self) -> InMemoryUnitOfWork:
        self.customers = InMemoryCustomerRepository(self.stored)
        return self

    async def _commit(self, changed: list[Customer]) -> None:
        staged = InMemoryCustomerRepository(dict(self.stored))
        for customer in changed:
            await staged.store(customer)
        self.stored = staged.stored
        self.published.extend(event for customer in changed for event in customer.events)
        self.commits += 1

    async def rollback(self) -> None:
        pass
