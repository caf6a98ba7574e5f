"""What may be asked of the customers context: imperative, one per use case."""

from __future__ import annotations

from dataclasses import dataclass, field

from musiccorp.customers.domain.model import Address, new_customer_id


@dataclass(frozen=True, slots=True)
class RegisterCustomer:
    name: str
    email: str
    address: Address
    customer_id: str = field(default_factory=new_customer_id)


@dataclass(frozen=True, slots=True)
class ChangeAddress:
    customer_id: str
    address: Address


@dataclass(frozen=True, slots=True)
class SuspendCustomer:
    customer_id: str


@dataclass(frozen=True, slots=True)
class ReactivateCustomer:
    customer_id: str


@dataclass(frozen=True, slots=True)
class CloseCustomer:
    customer_id: str
