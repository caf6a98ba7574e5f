"""Loyalty use cases: plain functions over ports.

Each runs inside the transaction of the event it reacts to (with the inbox row
that makes a redelivery a no-op), and each is idempotent on its own as well: an
event replayed under a new id — from the dead-letter stream, or a producer that
re-sent it — awards or takes back an order's points once, because the ledger
holds at most one award and one reversal per order.

Events of different streams may arrive in either order. A refund heard of
before its order's completion is noted, so the late completion awards nothing:
whichever comes first, a refunded order ends with no points.
"""

from __future__ import annotations

import enum

from musiccorp.chassis.clock import Clock
from musiccorp.loyalty.domain import model
from musiccorp.loyalty.domain.commands import AwardOrderPoints, OpenAccount, ReverseOrderPoints
from musiccorp.loyalty.domain.errors import AccountNotFound
from musiccorp.loyalty.domain.model import EntryKind, PointsAccount
from musiccorp.loyalty.service_layer.ports import AbstractAccountReader, AbstractAccountRepository


class Award(enum.StrEnum):
    AWARDED = "awarded"
    ALREADY_AWARDED = "the order's points were already awarded"
    ORDER_REFUNDED = "the order was refunded before its completion was heard of"


class Reversal(enum.StrEnum):
    REVERSED = "reversed"
    ALREADY_REVERSED = "the order's points were already taken back"
    NOTHING_AWARDED = "the order had earned no points"


async def open_account(command: OpenAccount, *, accounts: AbstractAccountRepository, clock: Clock) -> PointsAccount:
    """Open the customer's account; opening it again changes nothing (a replayed event is harmless)."""
    existing = await accounts.get(command.customer_id)
    if existing is not None:
        return existing
    account = PointsAccount.open(command.customer_id, at=clock())
    await accounts.add(account)
    return account


async def award_order_points(command: AwardOrderPoints, *, accounts: AbstractAccountRepository,
                             clock: Clock) -> Award:
    """Credit a completed order's points, once; an account not opened yet (events cross) is opened first."""
    if await accounts.order_entry(command.order_id, EntryKind.ORDER_COMPLETED) is not None:
        return Award.ALREADY_AWARDED
    if await accounts.refunded_at(command.order_id) is not None:
        return Award.ORDER_REFUNDED
    await open_account(OpenAccount(command.customer_id), accounts=accounts, clock=clock)
    await accounts.record(model.award(customer_id=command.customer_id, order_id=command.order_id,
                                      total=command.total, at=clock()))
    return Award.AWARDED


async def reverse_order_points(command: ReverseOrderPoints, *, accounts: AbstractAccountRepository,
                               clock: Clock) -> Reversal:
    """Take back a refunded order's points, once; an order that earned none records nothing in any account."""
    if await accounts.order_entry(command.order_id, EntryKind.ORDER_REFUNDED) is not None:
        return Reversal.ALREADY_REVERSED
    if await accounts.refunded_at(command.order_id) is None:
        await accounts.note_refund(command.order_id, at=clock())
    awarded = await accounts.order_entry(command.order_id, EntryKind.ORDER_COMPLETED)
    if awarded is None:
        return Reversal.NOTHING_AWARDED
    account = await find_account(awarded.customer_id, accounts=accounts)
    await accounts.record(model.reversal(awarded, balance=account.points, at=clock()))
    return Reversal.REVERSED


async def find_account(customer_id: str, *, accounts: AbstractAccountReader) -> PointsAccount:
    account = await accounts.get(customer_id)
    if account is None:
        raise AccountNotFound(customer_id)
    return account
