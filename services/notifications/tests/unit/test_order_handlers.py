"""Order mails recorded from events: one per order, from the records read by reference."""

import pytest

from musiccorp.notifications.domain.commands import ConfirmOrder, ReportCancellation, WelcomeCustomer
from musiccorp.notifications.domain.errors import CustomerUnavailable, OrderUnavailable
from musiccorp.notifications.service_layer import handlers

ORDER_URI = "http://orders/v1/orders/o-1"
CUSTOMER_URI = "http://customers/v1/customers/c-1"


def _confirm(event_id: str = "event-1", order_uri: str = ORDER_URI) -> ConfirmOrder:
    return ConfirmOrder(order_id="o-1", order_uri=order_uri, customer_uri=CUSTOMER_URI, event_id=event_id)


def _cancelled(event_id: str = "event-9") -> ReportCancellation:
    return ReportCancellation(order_id="o-1", customer_id="c-1", customer_uri=CUSTOMER_URI,
                                       reason="Out of stock", event_id=event_id)


async def test_a_completed_order_is_confirmed_from_the_order_and_customer_records(orders, directory, mails, clock):
    """The order is read by its URI, the address by the customer's; the mail lists what was bought."""
    mail = await handlers.confirm_order(_confirm(), orders=orders, directory=directory, mails=mails, clock=clock)
    assert (orders.lookups, directory.lookups) == ([ORDER_URI], [CUSTOMER_URI])
    assert mail.to == "ada@example.com"
    assert "2 × Kind of Blue" in mail.body and "MC48213907562" in mail.body
    assert list(mails.mails.values()) == [mail]


async def test_an_order_is_confirmed_once_whatever_the_event_id(orders, directory, mails, clock):
    """The completion replayed under a new event id records no second mail and reads nothing again."""
    first = await handlers.confirm_order(_confirm("event-1"), orders=orders, directory=directory, mails=mails,
                                         clock=clock)
    again = await handlers.confirm_order(_confirm("event-2"), orders=orders, directory=directory, mails=mails,
                                         clock=clock)
    assert again == first
    assert (len(mails.mails), len(orders.lookups)) == (1, 1)


@pytest.mark.parametrize("broken, error", [("order", OrderUnavailable), ("customer", CustomerUnavailable)])
async def test_an_unreadable_record_records_nothing_and_raises(orders, directory, mails, clock, broken, error):
    """When the order or the customer cannot be read, the handler fails (to be retried) and records no mail."""
    (orders.orders if broken == "order" else directory.contacts).clear()
    with pytest.raises(error):
        await handlers.confirm_order(_confirm(), orders=orders, directory=directory, mails=mails, clock=clock)
    assert mails.mails == {}


async def test_a_cancelled_order_is_reported_once_with_its_reason(directory, mails, clock):
    """The cancellation mail goes to the customer with the reason; a replay records nothing more."""
    mail = await handlers.report_cancellation(_cancelled("event-9"), directory=directory, mails=mails, clock=clock)
    await handlers.report_cancellation(_cancelled("event-10"), directory=directory, mails=mails, clock=clock)
    assert "cancelled: Out of stock" in mail.body
    assert list(mails.mails.values()) == [mail]


async def test_confirmation_and_cancellation_of_one_order_are_two_mails(orders, directory, mails, clock):
    """Mails about different things are not confused: the confirmation does not stand in for a cancellation."""
    await handlers.confirm_order(_confirm(), orders=orders, directory=directory, mails=mails, clock=clock)
    await handlers.report_cancellation(_cancelled(), directory=directory, mails=mails, clock=clock)
    assert sorted(m.subject for m in mails.mails.values()) == ["Your MusicCorp order is on its way",
                                                              "Your MusicCorp order was cancelled"]


async def test_a_customer_is_welcomed_once_whatever_the_event_id(directory, mails, clock):
    """A registration replayed under a new event id records no second welcome."""
    for event_id in ("event-1", "event-2"):
        await handlers.welcome_customer(WelcomeCustomer(customer_id="c-1", customer_uri=CUSTOMER_URI,
                                                                 event_id=event_id),
                                        directory=directory, mails=mails, clock=clock)
    assert len(mails.mails) == 1
