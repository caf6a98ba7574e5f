"""The shopper as the storefront sees them: a registration form, an account, and what has been sent."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Registration:
    name: str
    email: str
    line1: str
    line2: str
    city: str
    postcode: str
    country: str


@dataclass(frozen=True, slots=True)
class CustomerView:
    id: str
    name: str
    email: str
    address: tuple[str, ...]
    status: str


@dataclass(frozen=True, slots=True)
class MailView:
    subject: str
    status: str
    sent_at: str | None

    @property
    def arrived(self) -> bool:
        return self.status == "sent"
