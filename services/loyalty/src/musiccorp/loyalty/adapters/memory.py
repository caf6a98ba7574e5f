"""In-memory accounts: the fake repository for unit tests."""

from __future__ import annotations

from musiccorp.loyalty.domain.model import PointsAccount
from musiccorp.loyalty.service_layer.ports import AbstractAccountRepository


class InMemoryAccountRepository(AbstractAccountRepository):
    def __init__(self, accounts: list[PointsAccount] = ()) -> None:
        self.accounts = {account.customer_id: account for account in accounts}

    async def get(self, customer_id: str) -> PointsAccount | None:
        return self.accounts.get(customer_id)

    async def add(self, account: PointsAccount) -> None:
        self.accounts[account.customer_id] = account
