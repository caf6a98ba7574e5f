"""Taking a payment with a fake PayBuddy over the real ledger: once per key, whatever the provider does."""

import asyncio
from datetime import timedelta

import pytest

from musiccorp.chassis.testing import eventually, outbox_rows
from musiccorp.payments.domain.errors import (
    AttemptInProgress,
    IdempotencyKeyReused,
    ProviderTimedOut,
    ProviderUnavailable,
)
from musiccorp.payments.domain.model import Status
from musiccorp.payments.entrypoints.representations import charge_answer
from musiccorp.payments.service_layer import handlers

LEASE = timedelta(seconds=15)


@pytest.fixture
def charge(uow, provider, clock):
    """``await charge(command, patience=0)``: take the payment as the API does."""
    async def run(command, *, patience: float = 0.0):
        return await handlers.take_payment(command, uow=uow(), provider=provider, present=charge_answer,
                                           clock=clock, lease=LEASE, patience=patience)
    return run


async def stored(uow, order_id):
    return await handlers.payments_for_order(order_id, uow=uow())


async def test_a_captured_charge_answers_201_and_records_payment_and_event(charge, take_payment_command, uow,
                                                                           database, provider, notified):
    """201 with the payment; the ledger holds it captured with PayBuddy's reference; one captured event."""
    command = take_payment_command()
    answer = await charge(command)
    assert (answer.status_code, answer.body["status"], answer.replayed) == (201, "captured", False)
    [payment] = await stored(uow, command.order_id)
    assert (payment.status, payment.provider_reference, payment.attempt) == (Status.CAPTURED, "ch_fake_1", None)
    [row] = await outbox_rows(database.engine)
    assert row.type == "payments.payment.captured.v1"
    assert row.envelope.data == {"payment_id": payment.id, "order_id": command.order_id,
                                 "customer_id": command.customer_id,
                                 "amount": {"amount": "32.48", "currency": "GBP"}}
    assert notified == ["outbox"]


async def test_the_same_key_again_replays_the_first_answer_without_charging(charge, take_payment_command,
                                                                            provider, database):
    """A retry of a completed request gets the kept answer; PayBuddy is not asked twice; no second event."""
    first = await charge(take_payment_command())
    again = await charge(take_payment_command())
    assert again.replayed and again.body == first.body and again.status_code == 201
    assert provider.charge_calls == 1
    assert len(await outbox_rows(database.engine)) == 1


async def test_a_declined_charge_answers_402_and_stays_in_the_ledger(charge, take_payment_command, uow, database):
    """402 payment-declined with the reason; the attempt is recorded declined; one declined event."""
    command = take_payment_command(token="tok_declined")
    answer = await charge(command)
    assert answer.status_code == 402
    assert answer.body["type"].endswith("/problems/payment-declined")
    assert answer.body["reason"] == "the card was declined"
    [payment] = await stored(uow, command.order_id)
    assert (payment.status, payment.decline_reason) == (Status.DECLINED, "the card was declined")
    assert [row.type for row in await outbox_rows(database.engine)] == ["payments.payment.declined.v1"]
    assert (await charge(command)).status_code == 402  # and a retry is told the same


async def test_a_provider_error_leaves_the_payment_pending_and_free_to_retry(charge, take_payment_command, uow,
                                                                            provider, database):
    """PayBuddy failing is ProviderUnavailable (502): nothing recorded but the pending attempt, claim released."""
    provider.script.append("error")
    with pytest.raises(ProviderUnavailable):
        await charge(take_payment_command())
    [payment] = await stored(uow, take_payment_command().order_id)
    assert (payment.status, payment.attempt) == (Status.PENDING, None)
    assert await outbox_rows(database.engine) == []
    assert (await charge(take_payment_command())).status_code == 201


async def test_a_timeout_then_a_retry_with_the_same_key_charges_exactly_once(charge, take_payment_command,
                                                                             provider, uow):
    """The money was taken but the answer lost (504); the retry asks PayBuddy again and gets that same charge."""
    provider.script.append("timeout")
    with pytest.raises(ProviderTimedOut):
        await charge(take_payment_command())
    answer = await charge(take_payment_command())
    assert (answer.status_code, answer.body["provider_reference"]) == (201, "ch_fake_1")
    assert provider.charge_calls == 2 and list(provider.charges) == ["ch_fake_1"]
    [payment] = await stored(uow, take_payment_command().order_id)
    assert payment.status is Status.CAPTURED


async def test_the_same_key_with_another_body_is_refused(charge, take_payment_command, provider):
    """A key names one request: another body under it is IdempotencyKeyReused, before and after an answer."""
    provider.script.append("error")
    with pytest.raises(ProviderUnavailable):
        await charge(take_payment_command(token="tok_a"))
    with pytest.raises(IdempotencyKeyReused):
        await charge(take_payment_command(token="tok_b"))
    await charge(take_payment_command(token="tok_a"))
    with pytest.raises(IdempotencyKeyReused):
        await charge(take_payment_command(token="tok_b"))


async def test_a_twin_waits_for_the_first_request_and_answers_as_it_did(charge, take_payment_command, provider):
    """A twin arriving mid-charge does not call PayBuddy: it waits, then replays the first request's answer."""
    provider.gate = asyncio.Event()
    first = asyncio.create_task(charge(take_payment_command()))
    await eventually(lambda: provider.charge_calls == 1, what="the first request reaching PayBuddy")
    twin = asyncio.create_task(charge(take_payment_command(), patience=10))
    waiting, _ = await asyncio.wait({twin}, timeout=0.2)
    assert not waiting, "the twin answered while the first request was still at PayBuddy"
    provider.gate.set()
    created, replayed = await first, await twin
    assert (created.status_code, replayed.replayed, replayed.body) == (201, True, created.body)
    assert provider.charge_calls == 1


async def test_a_request_while_the_claim_is_held_is_refused_until_the_lease_runs_out(
        charge, take_payment_command, provider, clock):
    """A request that died mid-call blocks retries only for the lease; then a retry completes the payment."""
    provider.gate = asyncio.Event()
    crashed = asyncio.create_task(charge(take_payment_command()))
    await eventually(lambda: provider.charge_calls == 1, what="the first request reaching PayBuddy")
    crashed.cancel()  # the process died while PayBuddy was being asked: the claim stays behind
    with pytest.raises(asyncio.CancelledError):
        await crashed
    provider.gate.set()
    with pytest.raises(AttemptInProgress):
        await charge(take_payment_command())
    clock.advance(seconds=15)
    answer = await charge(take_payment_command())
    assert answer.status_code == 201 and list(provider.charges) == ["ch_fake_1"]
