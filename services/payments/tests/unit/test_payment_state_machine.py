"""The payment as a state machine: pending, then captured or declined; settled, refunded or voided after."""

from datetime import UTC, datetime, timedelta

import pytest

from musiccorp.payments.domain.errors import AttemptInProgress, IllegalTransition, InvalidPayment
from musiccorp.payments.domain.events import PaymentCaptured, PaymentDeclined, PaymentSettled, RefundIssued
from musiccorp.payments.domain.model import LedgerLine, Payment, Status
from musiccorp.payments.domain.money import Money

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
LEASE = timedelta(seconds=15)
LINES = (LedgerLine("album-1", 2, Money(999)),)
AMOUNT = Money(1998)


def pending(amount: Money = AMOUNT, lines=LINES) -> Payment:
    return Payment.begin(order_id="order-1", customer_id="customer-1", amount=amount, lines=lines, key="k",
                         fingerprint="f", at=NOW)


def test_a_payment_begins_pending_and_announces_nothing_yet():
    """Nothing has happened at the provider yet, so there is nothing to tell anyone."""
    payment = pending()
    assert (payment.status, payment.events, payment.version) == (Status.PENDING, [], 0)


@pytest.mark.parametrize(("amount", "lines", "field"), [
    (Money(1999), LINES, "amount"),
    (Money(1998, "EUR"), LINES, "lines"),
    (Money(1998), (), "lines"),
    (Money(0), (LedgerLine("album-1", 1, Money(0)),), "amount"),
])
def test_the_lines_must_add_up_to_a_positive_amount(amount, lines, field):
    """The ledger balances: lines in the amount's currency, summing to it, and more than nothing."""
    with pytest.raises(InvalidPayment) as refused:
        pending(amount, lines)
    assert refused.value.field == field


def test_quantities_are_bounded():
    """A line of no albums, or of absurdly many, is not a line."""
    with pytest.raises(InvalidPayment):
        LedgerLine("album-1", 0, Money(999))


def test_capture_then_settle_then_refund_announce_each_step():
    """Each change records its event carrying the payment, order, customer and amount."""
    payment = pending()
    payment.capture("ch_1", at=NOW)
    payment.settle(at=NOW)
    payment.refund("ch_1", Money(1998), at=NOW)
    assert [type(event) for event in payment.events] == [PaymentCaptured, PaymentSettled, RefundIssued]
    assert payment.events[0] == PaymentCaptured(payment.id, "order-1", "customer-1", Money(1998))
    assert (payment.status, payment.provider_reference) == (Status.REFUNDED, "ch_1")


def test_a_decline_keeps_the_reason_and_is_final():
    """A declined payment says why, and can be neither settled nor refunded."""
    payment = pending()
    payment.decline("the card was declined", reference="ch_2", at=NOW)
    assert [type(event) for event in payment.events] == [PaymentDeclined]
    assert payment.decline_reason == "the card was declined"
    for change in (lambda: payment.settle(at=NOW), lambda: payment.refund("ch_2", Money(1), at=NOW)):
        with pytest.raises(IllegalTransition):
            change()


def test_voiding_a_pending_payment_announces_nothing():
    """No money moved, so nobody needs telling; and a voided payment is never charged."""
    payment = pending()
    payment.void(at=NOW)
    assert (payment.status, payment.events) == (Status.VOIDED, [])
    with pytest.raises(IllegalTransition):
        payment.claim(now=NOW, lease=LEASE)


def test_a_claim_excludes_others_until_its_lease_runs_out():
    """While one request holds the claim, another is refused; after the lease it may take over."""
    payment = pending()
    first = payment.claim(now=NOW, lease=LEASE)
    with pytest.raises(AttemptInProgress):
        payment.claim(now=NOW + LEASE - timedelta(seconds=1), lease=LEASE)
    assert payment.attempt_in_progress(NOW)
    second = payment.claim(now=NOW + LEASE, lease=LEASE)
    assert not payment.holds(first) and payment.holds(second)


def test_an_outcome_or_a_release_ends_the_claim():
    """Released, anyone may claim at once; captured, the attempt is over."""
    payment = pending()
    payment.claim(now=NOW, lease=LEASE)
    payment.release()
    payment.claim(now=NOW, lease=LEASE)
    payment.capture("ch_1", at=NOW)
    assert payment.attempt is None and not payment.attempt_in_progress(NOW)
