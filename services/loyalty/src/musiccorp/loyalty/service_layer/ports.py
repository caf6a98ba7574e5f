"""What the loyalty use cases need from the outside world: accounts and their ledger."""

from __future__ import annotations

import abc
from datetime import datetime

from musiccorp.loyalty.domain.model import Entry, EntryKind, PointsAccount


class AbstractAccountReader(abc.ABC):
    @abc.abstractmethod
    async def get(self, customer_id: str) -> PointsAccount | None:
        """The account with its latest entries, newest first."""


class AbstractAccountRepository(AbstractAccountReader):
    """Accounts as the event handlers change them: opened, and their ledgers appended to."""

    @abc.abstractmethod
    async def add(self, account: PointsAccount) -> None:
        """Open ``account``, with the entries it starts with."""

    @abc.abstractmethod
    async def record(self, entry: Entry) -> None:
        """Append ``entry`` to its account's ledger and move the balance by its points.

        An order has at most one entry of each kind: a second one is refused (the database has the last word).
        """

    @abc.abstractmethod
    async def order_entry(self, order_id: str, kind: EntryKind) -> Entry | None:
        """The order's entry of ``kind`` (its award, or the award's reversal), if there is one."""

    @abc.abstractmethod
    async def refunded_at(self, order_id: str) -> datetime | None:
        """When the order's refund was heard of, whether or not it had earned points by then."""

    @abc.abstractmethod
    async def note_refund(self, order_id: str, *, at: datetime) -> None:
        """Remember that the order was refunded (once), so a completion heard of later awards nothing."""
