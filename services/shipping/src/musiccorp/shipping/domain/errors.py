"""What can go wrong with a shipment.

::

    ShippingError
    ├── InvalidShipment          an address or an item breaks the rules (also a ValueError)
    ├── ShipmentNotFound         no shipment for the order
    ├── TrackingNumberNotFound   no shipment has the tracking number
    ├── ShipmentDiffers          the order's shipment was requested with other details
    ├── IllegalTransition        the action is not allowed in the shipment's current state
    │   └── AlreadyDispatched    a dispatched parcel cannot be called back
    ├── ConcurrentChange         the shipment changed since it was read; try again
    ├── ShipmentExists           a concurrent request stored the order's shipment first
    └── TrackingNumberTaken      another shipment holds the candidate tracking number
"""

from __future__ import annotations


class ShippingError(Exception):
    """Base of the shipping context's own errors."""


class InvalidShipment(ShippingError, ValueError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class ShipmentNotFound(ShippingError):
    def __init__(self, order_id: str) -> None:
        super().__init__(f"no shipment for order {order_id!r}")
        self.order_id = order_id


class TrackingNumberNotFound(ShippingError):
    def __init__(self, tracking_number: str) -> None:
        super().__init__(f"no shipment has tracking number {tracking_number!r}")
        self.tracking_number = tracking_number


class ShipmentDiffers(ShippingError):
    def __init__(self, order_id: str) -> None:
        super().__init__(f"order {order_id!r} already has a shipment to another address, customer or with "
                         "other items; a shipment is requested once per order")
        self.order_id = order_id


class IllegalTransition(ShippingError):
    def __init__(self, state: str, action: str, message: str = "") -> None:
        super().__init__(message or f"a shipment that is {state} cannot {action}")
        self.state = state
        self.action = action


class AlreadyDispatched(IllegalTransition):
    def __init__(self, order_id: str) -> None:
        super().__init__("dispatched", "cancel",
                         f"the shipment of order {order_id!r} has left the warehouse and can no longer be cancelled")
        self.order_id = order_id


class ConcurrentChange(ShippingError):
    def __init__(self, order_id: str) -> None:
        super().__init__(f"the shipment of order {order_id!r} was changed meanwhile; read it and try again")
        self.order_id = order_id


class ShipmentExists(ShippingError):
    def __init__(self, order_id: str) -> None:
        super().__init__(f"order {order_id!r} already has a shipment")
        self.order_id = order_id


class TrackingNumberTaken(ShippingError):
    def __init__(self, tracking_number: str) -> None:
        super().__init__(f"tracking number {tracking_number!r} is taken")
        self.tracking_number = tracking_number
