"""Customers in their own SQL database (SQLite or PostgreSQL), through SQLAlchemy Core.

The repository works on the connection of its unit of work, so everything it
writes commits or rolls back with that unit.
"""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from musiccorp.customers.adapters.tables import customers
from musiccorp.customers.domain.errors import ConcurrentChange, EmailAlreadyRegistered
from musiccorp.customers.domain.model import Address, Customer, Status, is_customer_id
from musiccorp.customers.service_layer.ports import AbstractCustomerRepository


def _row(customer: Customer) -> dict:
    address = customer.address
    return {
        "name": customer.name, "email": customer.email, "status": customer.status.value,
        "address_line1": address.line1, "address_line2": address.line2, "address_city": address.city,
        "address_postcode": address.postcode, "address_country": address.country,
        "version": customer.version + 1,
    }


def _customer(row) -> Customer:
    address = Address(line1=row.address_line1, line2=row.address_line2, city=row.address_city,
                      postcode=row.address_postcode, country=row.address_country)
    return Customer(id=row.id, name=row.name, email=row.email, address=address, status=Status(row.status),
                    version=row.version)


class SqlCustomerRepository(AbstractCustomerRepository):
    def __init__(self, connection: AsyncConnection) -> None:
        super().__init__()
        self._connection = connection

    async def _get(self, customer_id: str) -> Customer | None:
        if not is_customer_id(customer_id):  # names no customer; and never sends stray bytes to the database
            return None
        row = (await self._connection.execute(select(customers).where(customers.c.id == customer_id))).first()
        return _customer(row) if row is not None else None

    async def email_registered(self, email: str) -> bool:
        return bool(await self._connection.scalar(select(exists().where(customers.c.email == email))))

    async def with_email(self, email: str) -> list[Customer]:
        rows = await self._connection.execute(select(customers).where(customers.c.email == email))
        return [_customer(row) for row in rows]

    async def store(self, customer: Customer) -> None:
        if customer.version == 0:
            await self._insert(customer)
            return
        # Optimistic concurrency: of two changes made from the same reading, the second finds no row.
        updated = await self._connection.execute(
            customers.update()
            .where(customers.c.id == customer.id, customers.c.version == customer.version)
            .values(_row(customer)))
        if updated.rowcount != 1:
            raise ConcurrentChange(customer.id)

    async def _insert(self, customer: Customer) -> None:
        try:
            await self._connection.execute(customers.insert().values(id=customer.id, **_row(customer)))
        except IntegrityError as exc:
            if "email" in str(exc.orig):
                raise EmailAlreadyRegistered(customer.email) from None
            raise
