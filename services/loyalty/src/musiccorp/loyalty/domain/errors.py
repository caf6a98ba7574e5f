class LoyaltyError(Exception):
    """Base of the loyalty context's own errors."""


class AccountNotFound(LoyaltyError):
    def __init__(self, customer_id: str) -> None:
        super().__init__(f"no loyalty account for customer {customer_id!r}")
        self.customer_id = customer_id
