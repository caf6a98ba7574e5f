"""What can go wrong in the warehouse.

::

    WarehouseError
    ├── InvalidReservation      the lines break the rules (also a ValueError)
    ├── UnsupportedDestination  we do not ship to the country
    ├── InsufficientStock       an album has fewer units available than asked for
    ├── ReservationNotFound     no reservation for the order
    ├── ReservationMismatch     the order is already reserved, with other lines or another destination
    ├── ReservationNotHeld      a confirmation of a reservation released or expired
    ├── AlreadyConfirmed        a release of a reservation whose stock has left the shelf
    ├── StockNotFound           the warehouse holds no stock of the album
    ├── PickListNotFound        a pick job for an order that was never confirmed
    └── ConcurrentChange        the reservation changed since it was read; try again
"""

from __future__ import annotations


class WarehouseError(Exception):
    """Base of the warehouse context's own errors."""


class InvalidReservation(WarehouseError, ValueError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class UnsupportedDestination(WarehouseError):
    def __init__(self, country: str) -> None:
        super().__init__(f"we do not ship to {country!r}")
        self.country = country


class InsufficientStock(WarehouseError):
    def __init__(self, album_id: str, *, requested: int, available: int) -> None:
        super().__init__(f"album {album_id}: {requested} requested, {available} available")
        self.album_id = album_id
        self.requested = requested
        self.available = available


class ReservationNotFound(WarehouseError):
    def __init__(self, order_id: str) -> None:
        super().__init__(f"no reservation for order {order_id!r}")
        self.order_id = order_id


class ReservationMismatch(WarehouseError):
    def __init__(self, order_id: str) -> None:
        super().__init__(f"order {order_id!r} is already reserved with other lines or another destination")
        self.order_id = order_id


class ReservationNotHeld(WarehouseError):
    def __init__(self, order_id: str, status: str) -> None:
        super().__init__(f"the reservation for order {order_id!r} is {status}, no longer held")
        self.order_id = order_id
        self.status = status


class AlreadyConfirmed(WarehouseError):
    def __init__(self, order_id: str) -> None:
        super().__init__(f"the reservation for order {order_id!r} is confirmed: its stock has left the shelf")
        self.order_id = order_id


class StockNotFound(WarehouseError):
    def __init__(self, album_id: str) -> None:
        super().__init__(f"the warehouse holds no stock of album {album_id!r}")
        self.album_id = album_id


class PickListNotFound(WarehouseError):
    def __init__(self, order_id: str) -> None:
        super().__init__(f"no pick list for order {order_id!r}: it was never confirmed")
        self.order_id = order_id


class ConcurrentChange(WarehouseError):
    def __init__(self, order_id: str) -> None:
        super().__init__(f"the reservation for order {order_id!r} changed meanwhile; read it and try again")
        self.order_id = order_id
