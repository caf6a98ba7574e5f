"""In-memory accounts and ledger: the fake repository for unit tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from musiccorp.loyalty.domain.model import RECENT_ENTRIES, Entry, EntryKind, PointsAccount
from musiccorp.loyalty.service_layer.ports import AbstractAccountRepository


class InMemoryAccountRepository(AbstractAccountRepository):
    """Keeps the promises of the SQL one: one entry of a kind per order; the balance is the sum of entries."""

    def __init__(self, accounts: list[PointsAccount] = ()) -> None:
        self.accounts = {account.customer_id: replace(account, entries=()) for account in accounts}
        self.ledger: list[Entry] = [entry for account in accounts for entry in reversed(account.entries)]
        self.refunds: dict[str, datetime] = {}

    async def get(self, customer_id: str) -> PointsAccount | None:
        account = self.accounts.get(customer_id)
        if account is None:
            return None
        mine = [entry for entry in self.ledger if entry.customer_id == customer_id]
        return replace(account, entries=tuple(reversed(mine[-RECENT_ENTRIES:])))

    async def add(self, account: PointsAccount) -> None:
        self.accounts[account.customer_id] = replace(account, points=0, entries=())
        for entry in reversed(account.entries):
            await self.record(entry)

    async def record(self, entry: Entry) -> None:
        if entry.order_id is not None and await self.order_entry(entry.order_id, entry.kind) is not None:
            raise ValueError(f"order {entry.order_id!r} already has a {entry.kind} entry")
        account = self.accounts[entry.customer_id]
        self.accounts[entry.customer_id] = replace(account, points=account.points + entry.points)
        self.ledger.append(entry)

    async def order_entry(self, order_id: str, kind: EntryKind) -> Entry | None:
        return next((e for e in self.ledger if e.order_id == order_id and e.kind is kind), None)

    async def refunded_at(self, order_id: str) -> datetime | None:
        return self.refunds.get(order_id)

    async def note_refund(self, order_id: str, *, at: datetime) -> None:
        self.refunds[order_id] = at
