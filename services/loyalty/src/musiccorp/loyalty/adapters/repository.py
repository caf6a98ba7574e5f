"""Points accounts in the loyalty database, on a connection the caller's transaction owns."""

from __future__ import annotations

from datetime import UTC

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from musiccorp.loyalty.adapters.tables import accounts
from musiccorp.loyalty.domain.model import PointsAccount
from musiccorp.loyalty.service_layer.ports import AbstractAccountRepository


def _account(row) -> PointsAccount:
    opened_at = row.opened_at if row.opened_at.tzinfo else row.opened_at.replace(tzinfo=UTC)
    return PointsAccount(customer_id=row.customer_id, points=row.points, opened_at=opened_at)


class SqlAccountRepository(AbstractAccountRepository):
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def get(self, customer_id: str) -> PointsAccount | None:
        row = (await self._connection.execute(
            select(accounts).where(accounts.c.customer_id == customer_id))).first()
        return None if row is None else _account(row)

    async def add(self, account: PointsAccount) -> None:
        await self._connection.execute(accounts.insert().values(
            customer_id=account.customer_id, points=account.points, opened_at=account.opened_at))


class SqlAccountReader(AbstractAccountRepository):
    """Reads for the API, each on a short connection of its own."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def get(self, customer_id: str) -> PointsAccount | None:
        async with self._engine.connect() as connection:
            return await SqlAccountRepository(connection).get(customer_id)

    async def add(self, account: PointsAccount) -> None:
        raise TypeError("the reader does not write; accounts are opened by events")
