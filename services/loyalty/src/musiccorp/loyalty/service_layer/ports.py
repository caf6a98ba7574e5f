"""What the loyalty use cases need from the outside world."""

from __future__ import annotations

import abc

from musiccorp.loyalty.domain.model import PointsAccount


class AbstractAccountRepository(abc.ABC):
    @abc.abstractmethod
    async def get(self, customer_id: str) -> PointsAccount | None: ...

    @abc.abstractmethod
    async def add(self, account: PointsAccount) -> None: ...
