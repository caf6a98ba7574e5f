import pytest

from musiccorp.notifications.domain.commands import WelcomeCustomer
from musiccorp.notifications.domain.errors import CustomerUnavailable
from musiccorp.notifications.domain.model import MailStatus
from musiccorp.notifications.service_layer import handlers

URI = "http://customers/v1/customers/c-1"


def _welcome(event_id: str = "event-1") -> WelcomeCustomer:
    return WelcomeCustomer(customer_id="c-1", customer_uri=URI, event_id=event_id)


async def test_welcome_mail_is_addressed_from_the_customer_record(directory, mails, clock):
    """The mail goes to the address read through the event's URI, greeting the customer by name."""
    mail = await handlers.welcome_customer(_welcome(), directory=directory, mails=mails, clock=clock)
    assert directory.lookups == [URI]
    assert (mail.to, mail.status) == ("ada@example.com", MailStatus.PENDING)
    assert mail.body.startswith("Hello Ada,")


async def test_the_same_event_records_one_mail(directory, mails, clock):
    """Handling one registration event twice records a single mail."""
    first = await handlers.welcome_customer(_welcome(), directory=directory, mails=mails, clock=clock)
    again = await handlers.welcome_customer(_welcome(), directory=directory, mails=mails, clock=clock)
    assert again == first
    assert len(mails.mails) == 1


async def test_unreachable_customer_records_nothing_and_raises(directory, mails, clock):
    """When the customer cannot be read the handler fails (to be retried) and records no mail."""
    command = WelcomeCustomer(customer_id="c-2", customer_uri="http://customers/v1/customers/c-2",
                                       event_id="event-2")
    with pytest.raises(CustomerUnavailable):
        await handlers.welcome_customer(command, directory=directory, mails=mails, clock=clock)
    assert mails.mails == {}


async def test_pending_mails_are_sent_and_marked(directory, mails, mailer, clock):
    """The sender hands pending mails to the relay and marks them sent."""
    await handlers.welcome_customer(_welcome(), directory=directory, mails=mails, clock=clock)
    assert await handlers.send_pending(mails=mails, mailer=mailer, clock=clock) == 1
    assert [m.to for m in mailer.sent] == ["ada@example.com"]
    assert [m.status for m in mails.mails.values()] == [MailStatus.SENT]
    assert await handlers.send_pending(mails=mails, mailer=mailer, clock=clock) == 0


async def test_a_refusing_relay_leaves_the_mail_pending(directory, mails, mailer, clock):
    """If the relay refuses, the mail stays pending and goes out on a later round."""
    await handlers.welcome_customer(_welcome(), directory=directory, mails=mails, clock=clock)
    mailer.refusing = True
    assert await handlers.send_pending(mails=mails, mailer=mailer, clock=clock) == 0
    mailer.refusing = False
    assert await handlers.send_pending(mails=mails, mailer=mailer, clock=clock) == 1
