"""What can go wrong with a customer.

::

    CustomersError
    ├── InvalidCustomer         a name, email or address breaks the rules (also a ValueError)
    ├── CustomerNotFound        no customer has the id
    ├── EmailAlreadyRegistered  another customer registered with the email
    ├── IllegalTransition       the action is not allowed in the customer's current state
    └── ConcurrentChange        the customer changed since it was read; try again
"""

from __future__ import annotations


class CustomersError(Exception):
    """Base of the customers context's own errors."""


class InvalidCustomer(CustomersError, ValueError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class CustomerNotFound(CustomersError):
    def __init__(self, customer_id: str) -> None:
        super().__init__(f"no customer with id {customer_id!r}")
        self.customer_id = customer_id


class EmailAlreadyRegistered(CustomersError):
    def __init__(self, email: str) -> None:
        super().__init__(f"a customer with email {email!r} is already registered")
        self.email = email


class IllegalTransition(CustomersError):
    def __init__(self, state: str, action: str) -> None:
        super().__init__(f"a customer who is {state} cannot {action}")
        self.state = state
        self.action = action


class ConcurrentChange(CustomersError):
    def __init__(self, customer_id: str) -> None:
        super().__init__(f"customer {customer_id!r} was changed by someone else meanwhile; read it and try again")
        self.customer_id = customer_id
