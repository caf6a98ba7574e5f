from decimal import Decimal

import pytest

from musiccorp.loyalty.domain.commands import AwardOrderPoints, OpenAccount, ReverseOrderPoints
from musiccorp.loyalty.domain.errors import AccountNotFound
from musiccorp.loyalty.domain.model import Entry, EntryKind
from musiccorp.loyalty.service_layer import handlers
from musiccorp.loyalty.service_layer.handlers import Award, Reversal


async def test_opening_an_account_starts_at_zero_points(accounts, clock):
    """A new customer's account has no points and records when it opened."""
    account = await handlers.open_account(OpenAccount("c-1"), accounts=accounts, clock=clock)
    assert (account.points, account.opened_at) == (0, clock())
    assert account.entries == (Entry("c-1", EntryKind.OPENED, 0, clock()),)
    assert await accounts.get("c-1") == account


async def test_opening_twice_keeps_the_first_account(accounts, clock):
    """Opening an account that exists returns it unchanged (a replayed event opens nothing)."""
    first = await handlers.open_account(OpenAccount("c-1"), accounts=accounts, clock=clock)
    again = await handlers.open_account(OpenAccount("c-1"), accounts=accounts, clock=lambda: None)
    assert again == first
    assert len(accounts.accounts) == 1
    assert [entry.kind for entry in accounts.ledger] == [EntryKind.OPENED]


async def test_missing_account_is_not_found(accounts):
    """Asking for an account nobody opened raises AccountNotFound."""
    with pytest.raises(AccountNotFound):
        await handlers.find_account("nobody", accounts=accounts)


def completed(order_id: str = "o-1", total: str = "19.98", customer_id: str = "c-1") -> AwardOrderPoints:
    return AwardOrderPoints(customer_id=customer_id, order_id=order_id, total=Decimal(total))


def refunded(order_id: str = "o-1") -> ReverseOrderPoints:
    return ReverseOrderPoints(order_id)


async def balance(accounts, customer_id: str = "c-1") -> int:
    return (await handlers.find_account(customer_id, accounts=accounts)).points


async def test_a_completed_order_earns_a_point_per_whole_pound(accounts, clock):
    """19.98 earns 19 points, credited to the balance as an order_completed entry."""
    await handlers.open_account(OpenAccount("c-1"), accounts=accounts, clock=clock)
    assert await handlers.award_order_points(completed(), accounts=accounts, clock=clock) is Award.AWARDED
    account = await handlers.find_account("c-1", accounts=accounts)
    assert account.points == 19
    assert account.entries[0] == Entry("c-1", EntryKind.ORDER_COMPLETED, 19, clock(), "o-1")


async def test_an_order_earns_its_points_once(accounts, clock):
    """The same order completed again (a replay under a new event id) awards nothing more."""
    await handlers.award_order_points(completed(), accounts=accounts, clock=clock)
    again = await handlers.award_order_points(completed(), accounts=accounts, clock=clock)
    assert again is Award.ALREADY_AWARDED
    assert await balance(accounts) == 19


async def test_an_order_completed_before_registration_opens_the_account(accounts, clock):
    """Events cross: the award opens the account (opening entry first), and the late registration changes nothing."""
    await handlers.award_order_points(completed(total="5.00"), accounts=accounts, clock=clock)
    await handlers.open_account(OpenAccount("c-1"), accounts=accounts, clock=clock)
    account = await handlers.find_account("c-1", accounts=accounts)
    assert account.points == 5
    assert [entry.kind for entry in account.entries] == [EntryKind.ORDER_COMPLETED, EntryKind.OPENED]


async def test_a_refund_takes_the_orders_points_back_once(accounts, clock):
    """A refund reverses the order's award with a negative entry; a second refund takes nothing more."""
    await handlers.award_order_points(completed(order_id="o-1", total="19.98"), accounts=accounts, clock=clock)
    await handlers.award_order_points(completed(order_id="o-2", total="7.50"), accounts=accounts, clock=clock)
    assert await handlers.reverse_order_points(refunded("o-1"), accounts=accounts, clock=clock) is Reversal.REVERSED
    again = await handlers.reverse_order_points(refunded("o-1"), accounts=accounts, clock=clock)
    assert again is Reversal.ALREADY_REVERSED
    account = await handlers.find_account("c-1", accounts=accounts)
    assert account.points == 7
    assert account.entries[0] == Entry("c-1", EntryKind.ORDER_REFUNDED, -19, clock(), "o-1")


async def test_a_refund_of_an_order_that_earned_nothing_records_nothing(accounts, clock):
    """No award for the order: no entry in any account, no account opened."""
    outcome = await handlers.reverse_order_points(refunded("o-9"), accounts=accounts, clock=clock)
    assert outcome is Reversal.NOTHING_AWARDED
    assert (accounts.ledger, accounts.accounts) == ([], {})


async def test_a_refund_heard_before_the_completion_leaves_no_points(accounts, clock):
    """Refund first, completion later (events cross): the late completion awards nothing."""
    await handlers.open_account(OpenAccount("c-1"), accounts=accounts, clock=clock)
    await handlers.reverse_order_points(refunded("o-1"), accounts=accounts, clock=clock)
    outcome = await handlers.award_order_points(completed(), accounts=accounts, clock=clock)
    assert outcome is Award.ORDER_REFUNDED
    assert await balance(accounts) == 0
    assert [entry.kind for entry in accounts.ledger] == [EntryKind.OPENED]
