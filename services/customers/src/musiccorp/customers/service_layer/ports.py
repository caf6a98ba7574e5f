"""What the customers' use cases need from the outside world: a repository inside a unit of work."""

from __future__ import annotations

import abc
from typing import Self

from musiccorp.customers.domain.model import Customer


class AbstractCustomerRepository(abc.ABC):
    """The customers of one unit of work; every customer it hands out or is given is ``seen``."""

    def __init__(self) -> None:
        self.seen: list[Customer] = []

    def add(self, customer: Customer) -> None:
        """Track a newly registered customer; it is stored when the unit of work commits."""
        self.seen.append(customer)

    async def get(self, customer_id: str) -> Customer | None:
        customer = await self._get(customer_id)
        if customer is not None:
            self.seen.append(customer)
        return customer

    @abc.abstractmethod
    async def email_registered(self, email: str) -> bool: ...

    @abc.abstractmethod
    async def with_email(self, email: str) -> list[Customer]:
        """The customers registered with ``email`` (normalised): none or one, emails being unique.

        A read: what it hands out is not ``seen``, so a commit never stores it.
        """

    @abc.abstractmethod
    async def store(self, customer: Customer) -> None:
        """Insert (version 0) or update the customer, refusing a change made since it was read.

        Raises ``EmailAlreadyRegistered`` or ``ConcurrentChange``.
        """

    @abc.abstractmethod
    async def _get(self, customer_id: str) -> Customer | None: ...


class AbstractUnitOfWork(abc.ABC):
    """One atomic change: the customers it touched and the events they produced commit together or not at all.

    Used once per ``async with``; leaving the block without ``commit()`` rolls back.
    """

    customers: AbstractCustomerRepository

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.rollback()

    async def commit(self) -> None:
        changed = [customer for customer in self.customers.seen if customer.events]
        await self._commit(changed)
        for customer in changed:
            customer.version += 1
            customer.events.clear()

    @abc.abstractmethod
    async def _commit(self, changed: list[Customer]) -> None:
        """Store ``changed`` and record their events, atomically."""

    @abc.abstractmethod
    async def rollback(self) -> None: ...
