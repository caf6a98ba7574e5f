"""Loyalty use cases: plain functions over ports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from musiccorp.loyalty.domain.errors import AccountNotFound
from musiccorp.loyalty.domain.model import PointsAccount
from musiccorp.loyalty.service_layer.ports import AbstractAccountRepository


@dataclass(frozen=True, slots=True)
class OpenAccount:
    customer_id: str


async def open_account(command: OpenAccount, *, accounts: AbstractAccountRepository,
                       clock: Callable[[], datetime]) -> PointsAccount:
    """Open the customer's account; opening it again changes nothing (a replayed event is harmless)."""
    existing = await accounts.get(command.customer_id)
    if existing is not None:
        return existing
    account = PointsAccount.open(command.customer_id, at=clock())
    await accounts.add(account)
    return account


async def find_account(customer_id: str, *, accounts: AbstractAccountRepository) -> PointsAccount:
    account = await accounts.get(customer_id)
    if account is None:
        raise AccountNotFound(customer_id)
    return account
