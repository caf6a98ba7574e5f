"""What the order mails say: the confirmation lists what is on its way; the cancellation says why."""

from dataclasses import replace
from decimal import Decimal

import pytest

from musiccorp.notifications.domain.model import Contact, MailStatus
from musiccorp.notifications.domain.orders import Money, cancellation_mail, confirmation_mail

ADA = Contact(name="Ada Lovelace", email="ada@example.com")


def test_the_confirmation_lists_titles_quantities_total_and_tracking_number(order, clock):
    """Each line reads quantity × title and its total; then the order total and the tracking number."""
    mail = confirmation_mail(order=order, contact=ADA, event_id="e-1", at=clock())
    assert (mail.to, mail.subject, mail.status) == ("ada@example.com", "Your MusicCorp order is on its way",
                                                    MailStatus.PENDING)
    assert (mail.customer_id, mail.about) == ("c-1", "order-confirmation:o-1")
    assert mail.body.startswith("Hello Ada,\n\nYour MusicCorp order is on its way.\n")
    assert "  2 × Kind of Blue  £19.98\n  1 × Abbey Road    £12.49\n" in mail.body
    assert "Total: £32.47\nTracking number: MC48213907562\n" in mail.body


def test_a_confirmation_without_a_tracking_number_says_it_follows(order, clock):
    """An order read before its tracking number is known says the number will follow."""
    mail = confirmation_mail(order=replace(order, tracking_number=None), contact=ADA, event_id="e-1", at=clock())
    assert "Tracking number: to follow in a separate mail" in mail.body


def test_the_cancellation_says_why(clock):
    """The cancellation names the order and gives the reason, in the orders service's words."""
    mail = cancellation_mail(order_id="o-1", customer_id="c-1", reason="Payment declined", contact=ADA,
                             event_id="e-2", at=clock())
    assert (mail.subject, mail.about) == ("Your MusicCorp order was cancelled", "order-cancellation:o-1")
    assert "Your order was cancelled: Payment declined\nOrder: o-1\n" in mail.body


@pytest.mark.parametrize("amount, currency, shown", [
    ("19.98", "GBP", "£19.98"), ("5", "EUR", "€5.00"), ("7.5", "USD", "$7.50"), ("120.00", "SEK", "120.00 SEK"),
])
def test_money_reads_as_a_customer_expects(amount, currency, shown):
    """A known currency shows its symbol, any other its code; always two decimals."""
    assert str(Money(Decimal(amount), currency)) == shown
