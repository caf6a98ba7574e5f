"""What may be asked of the shipping context: imperative, one per use case."""

from __future__ import annotations

from dataclasses import dataclass

from musiccorp.shipping.domain.model import Address, Item, items


@dataclass(frozen=True, slots=True)
class RequestShipment:
    """Ship the order's items to the address; asking again with the same details is a repeat, not a second parcel."""

    order_id: str
    customer_id: str
    address: Address
    items: tuple[Item, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "items", items(self.items))  # one canonical order: a repeat compares equal


@dataclass(frozen=True, slots=True)
class CancelShipment:
    order_id: str


@dataclass(frozen=True, slots=True)
class DispatchShipment:
    """The warehouse picked every line of the order: the parcel can leave."""

    order_id: str
