"""What can go wrong in payments.

::

    PaymentsError
    ├── InvalidPayment          an amount, currency or line breaks the rules (also a ValueError)
    ├── PaymentNotFound         no payment has the id
    ├── IllegalTransition       the payment's state does not allow the change
    ├── IdempotencyKeyReused    the key was first used for another request body
    ├── AttemptInProgress       a charge for the key (or the order) is being taken right now; retry shortly
    ├── PaymentClosed           the key's payment was voided or refunded before any answer was given
    ├── ConcurrentChange        the payment changed since it was read; try again
    ├── UnverifiedNotification  a provider callback whose signature does not check out
    ├── SettlementTooEarly      a settlement for a charge whose outcome we have not recorded yet; call again
    ├── CatalogUnavailable      the catalog cannot name an album now (a statement shows no title)
    └── ProviderError           the payment provider gave no usable answer; retrying with the same key is safe
        ├── ProviderUnavailable     it refused, failed (5xx) or could not be reached
        └── ProviderTimedOut        it did not answer in time: the charge may or may not have been taken
"""

from __future__ import annotations


class PaymentsError(Exception):
    """Base of the payments context's own errors."""


class InvalidPayment(PaymentsError, ValueError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class PaymentNotFound(PaymentsError):
    def __init__(self, payment_id: str) -> None:
        super().__init__(f"no payment with id {payment_id!r}")
        self.payment_id = payment_id


class IllegalTransition(PaymentsError):
    def __init__(self, state: str, action: str) -> None:
        super().__init__(f"a payment that is {state} cannot be {action}")
        self.state = state
        self.action = action


class IdempotencyKeyReused(PaymentsError):
    def __init__(self, key: str) -> None:
        super().__init__(f"the Idempotency-Key {key!r} was already used with a different request body; "
                         "use a new key for a new request")
        self.key = key


class AttemptInProgress(PaymentsError):
    def __init__(self, what: str) -> None:
        super().__init__(f"a charge for {what} is being taken right now; retry shortly with the same key")
        self.what = what


class PaymentClosed(PaymentsError):
    def __init__(self, payment_id: str, state: str) -> None:
        super().__init__(f"payment {payment_id} was {state} before it was taken: no charge will be made for it")
        self.payment_id = payment_id
        self.state = state


class ConcurrentChange(PaymentsError):
    def __init__(self, what: str) -> None:
        super().__init__(f"{what} was changed by someone else meanwhile; try again")
        self.what = what


class UnverifiedNotification(PaymentsError):
    def __init__(self) -> None:
        super().__init__("the notification's signature does not match its body: it is not from the provider")


class SettlementTooEarly(PaymentsError):
    def __init__(self, reference: str) -> None:
        super().__init__(f"charge {reference} may belong to a payment whose outcome is not recorded yet; "
                         "send the notification again shortly")
        self.reference = reference


class CatalogUnavailable(PaymentsError):
    pass


class ProviderError(PaymentsError):
    """The provider gave no usable answer. Nothing is known about the charge; the same key may be retried."""


class ProviderUnavailable(ProviderError):
    pass


class ProviderTimedOut(ProviderError):
    pass
