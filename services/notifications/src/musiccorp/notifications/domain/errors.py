"""What can go wrong while notifying.

::

    NotificationsError
    ├── CustomerUnavailable   the customer's record cannot be read now: the event is retried
    ├── OrderUnavailable      the order cannot be read now: the event is retried
    └── MailNotDelivered      the relay refused or is down: the mail stays pending
"""


class NotificationsError(Exception):
    """Base of the notifications context's own errors."""


class CustomerUnavailable(NotificationsError):
    """The customer's record could not be read now; the event will be retried."""


class OrderUnavailable(NotificationsError):
    """The order could not be read now; the event will be retried."""


class MailNotDelivered(NotificationsError):
    """The mail relay refused or could not be reached; the mail stays pending."""
