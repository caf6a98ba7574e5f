class NotificationsError(Exception):
    """Base of the notifications context's own errors."""


class CustomerUnavailable(NotificationsError):
    """The customer's record could not be read now; the event will be retried."""


class MailNotDelivered(NotificationsError):
    """The mail relay refused or could not be reached; the mail stays pending."""
