"""Refunding an order — the saga's compensation — asks PayBuddy what was taken, and is safe to repeat."""

import asyncio
from datetime import timedelta

import pytest

from musiccorp.chassis.testing import eventually, outbox_rows
from musiccorp.payments.domain.errors import AttemptInProgress, PaymentClosed, ProviderTimedOut
from musiccorp.payments.domain.model import Status
from musiccorp.payments.entrypoints.representations import charge_answer, refund_answer
from musiccorp.payments.service_layer import handlers, refunds

LEASE = timedelta(seconds=15)


@pytest.fixture
def charge(uow, provider, clock):
    async def run(command):
        return await handlers.take_payment(command, uow=uow(), provider=provider, present=charge_answer,
                                           clock=clock, lease=LEASE)
    return run


@pytest.fixture
def refund(uow, provider, clock):
    async def run(command, *, patience: float = 0.0):
        return await refunds.refund_order(command, uow=uow(), provider=provider, present=refund_answer,
                                          clock=clock, patience=patience)
    return run


async def event_types(database) -> list[str]:
    return [row.type for row in await outbox_rows(database.engine)]


async def test_a_captured_payment_is_reversed_and_refunded(charge, refund, take_payment_command, refund_command,
                                                           provider, uow, database):
    """The charge is reversed at PayBuddy; the payment is refunded; refund.issued carries the amount."""
    await charge(take_payment_command())
    answer = await refund(refund_command())
    assert (answer.status_code, answer.body["status"], answer.body["amount"]) == (
        201, "refunded", {"amount": "32.48", "currency": "GBP"})
    assert provider.reversals == ["ch_fake_1"]
    [payment] = await handlers.payments_for_order(refund_command().order_id, uow=uow())
    assert payment.status is Status.REFUNDED
    assert await event_types(database) == ["payments.payment.captured.v1", "payments.refund.issued.v1"]


async def test_a_refund_after_a_timeout_finds_the_charge_at_paybuddy(charge, refund, take_payment_command,
                                                                     refund_command, provider, uow, database):
    """The charge's answer was lost (504), so our ledger says pending; PayBuddy has it, so it is reversed."""
    provider.script.append("timeout")
    with pytest.raises(ProviderTimedOut):
        await charge(take_payment_command())
    answer = await refund(refund_command())
    assert answer.body["status"] == "refunded"
    assert provider.reversals == ["ch_fake_1"] and provider.taken == []
    [payment] = await handlers.payments_for_order(refund_command().order_id, uow=uow())
    assert (payment.status, payment.provider_reference) == (Status.REFUNDED, "ch_fake_1")
    assert await event_types(database) == ["payments.refund.issued.v1"]


async def test_refunding_twice_reverses_once(charge, refund, take_payment_command, refund_command, provider,
                                             database):
    """The same key replays its answer; another key finds nothing left to reverse and answers the same total."""
    await charge(take_payment_command())
    first = await refund(refund_command("refund-1"))
    replayed = await refund(refund_command("refund-1"))
    other_key = await refund(refund_command("refund-2"))
    assert replayed.replayed and replayed.body == first.body
    assert (other_key.body["status"], other_key.body["amount"]) == ("refunded", first.body["amount"])
    assert provider.reversals == ["ch_fake_1"]
    assert (await event_types(database)).count("payments.refund.issued.v1") == 1


async def test_nothing_charged_is_nothing_to_refund(charge, refund, take_payment_command, refund_command,
                                                    provider, database):
    """A declined charge, or none at all: a success with nothing to give back, and no refund event."""
    await charge(take_payment_command(token="tok_declined"))
    declined = await refund(refund_command())
    never_charged = await refund(refund_command("refund-2", order_id="never-charged"))
    for answer in (declined, never_charged):
        assert (answer.status_code, answer.body["status"]) == (201, "nothing_to_refund")
        assert answer.body["amount"] == {"amount": "0.00", "currency": "GBP"}
    assert provider.reversals == []
    assert await event_types(database) == ["payments.payment.declined.v1"]


async def test_a_refund_voids_a_payment_never_charged_so_a_late_retry_cannot_charge(
        charge, refund, take_payment_command, refund_command, provider, uow):
    """PayBuddy failed before taking anything; after the refund, a retry of the charge is refused, not charged."""
    provider.script.append("error")
    with pytest.raises(Exception, match="503"):
        await charge(take_payment_command())
    assert (await refund(refund_command())).body["status"] == "nothing_to_refund"
    [payment] = await handlers.payments_for_order(refund_command().order_id, uow=uow())
    assert payment.status is Status.VOIDED
    with pytest.raises(PaymentClosed):
        await charge(take_payment_command())
    assert provider.charges == {}


async def test_a_refund_waits_for_a_charge_in_flight(charge, refund, take_payment_command, refund_command,
                                                    provider):
    """While a charge for the order is being taken its outcome is unknown: the refund waits for it."""
    provider.gate = asyncio.Event()
    in_flight = asyncio.create_task(charge(take_payment_command()))
    await eventually(lambda: provider.charge_calls == 1, what="the charge reaching PayBuddy")
    waiting = asyncio.create_task(refund(refund_command(), patience=10))
    answered, _ = await asyncio.wait({waiting}, timeout=0.2)
    assert not answered, "the refund answered before the charge's outcome was known"
    provider.gate.set()
    assert (await in_flight).status_code == 201
    assert (await waiting).body["status"] == "refunded"
    assert provider.reversals == ["ch_fake_1"]


async def test_out_of_patience_a_refund_during_a_charge_says_retry(charge, refund, take_payment_command,
                                                                  refund_command, provider):
    """Waited long enough and the charge is still in flight: AttemptInProgress (409, retry shortly)."""
    provider.gate = asyncio.Event()
    in_flight = asyncio.create_task(charge(take_payment_command()))
    await eventually(lambda: provider.charge_calls == 1, what="the charge reaching PayBuddy")
    with pytest.raises(AttemptInProgress):
        await refund(refund_command(), patience=0.1)
    provider.gate.set()
    assert (await in_flight).status_code == 201


async def test_a_reversal_done_but_not_recorded_is_recorded_by_the_next_call(
        charge, refund, take_payment_command, refund_command, provider, uow, database):
    """A refund that reversed at PayBuddy but failed before recording it is completed by its retry."""
    await charge(take_payment_command())
    await provider.reverse("ch_fake_1")  # the first call got this far, then failed
    answer = await refund(refund_command())
    assert (answer.body["status"], provider.reversals) == ("refunded", ["ch_fake_1"])
    assert (await event_types(database))[-1] == "payments.refund.issued.v1"
