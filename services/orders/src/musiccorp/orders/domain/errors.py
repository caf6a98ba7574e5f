"""What can go wrong with a cart or an order.

::

    OrdersError
    ├── InvalidOrder            a line, quantity, address or token breaks the rules (also a ValueError)
    ├── UnknownAlbum            the catalog has no album with the id
    ├── CatalogUnavailable      the catalog could not be asked now (prices come only from it)
    ├── OrderNotFound           no order has the id
    ├── IdempotencyKeyReused    the Idempotency-Key was first sent with another order
    ├── DuplicateRequest        a concurrent request with the same key committed first (internal)
    ├── IllegalTransition       the order's state does not allow the move
    ├── ConcurrentChange        the order changed since it was read
    └── LeaseLost               another runner took the saga over (internal)
"""

from __future__ import annotations


class OrdersError(Exception):
    """Base of the orders context's own errors."""


class InvalidOrder(OrdersError, ValueError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class UnknownAlbum(OrdersError):
    def __init__(self, album_id: str) -> None:
        super().__init__(f"the catalog has no album with id {album_id!r}")
        self.album_id = album_id


class CatalogUnavailable(OrdersError):
    def __init__(self, detail: str) -> None:
        super().__init__(f"the catalog could not be asked for prices: {detail}")


class OrderNotFound(OrdersError):
    def __init__(self, order_id: str) -> None:
        super().__init__(f"no order with id {order_id!r}")
        self.order_id = order_id


class IdempotencyKeyReused(OrdersError):
    def __init__(self, key: str) -> None:
        super().__init__(f"the Idempotency-Key {key!r} was already used for a different order")
        self.key = key


class DuplicateRequest(OrdersError):
    def __init__(self, key: str) -> None:
        super().__init__(f"a request with Idempotency-Key {key!r} was recorded meanwhile")
        self.key = key


class IllegalTransition(OrdersError):
    def __init__(self, state: str, target: str) -> None:
        super().__init__(f"an order that is {state} cannot become {target}")
        self.state = state
        self.target = target


class ConcurrentChange(OrdersError):
    def __init__(self, order_id: str) -> None:
        super().__init__(f"order {order_id!r} was changed meanwhile")
        self.order_id = order_id


class LeaseLost(OrdersError):
    def __init__(self, order_id: str) -> None:
        super().__init__(f"the saga of order {order_id!r} is driven by another runner now")
        self.order_id = order_id
