import pytest

from musiccorp.loyalty.domain.errors import AccountNotFound
from musiccorp.loyalty.service_layer import handlers


async def test_opening_an_account_starts_at_zero_points(accounts, clock):
    """A new customer's account has no points and records when it opened."""
    account = await handlers.open_account(handlers.OpenAccount("c-1"), accounts=accounts, clock=clock)
    assert (account.points, account.opened_at) == (0, clock())
    assert await accounts.get("c-1") == account


async def test_opening_twice_keeps_the_first_account(accounts, clock):
    """Opening an account that exists returns it unchanged (a replayed event opens nothing)."""
    first = await handlers.open_account(handlers.OpenAccount("c-1"), accounts=accounts, clock=clock)
    again = await handlers.open_account(handlers.OpenAccount("c-1"), accounts=accounts, clock=lambda: None)
    assert again is first
    assert len(accounts.accounts) == 1


async def test_missing_account_is_not_found(accounts):
    """Asking for an account nobody opened raises AccountNotFound."""
    with pytest.raises(AccountNotFound):
        await handlers.find_account("nobody", accounts=accounts)
