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
class PostalAddress:
    line1: str
    city: str
    postcode: str
    country: str
    line2: str = ""

    @property
    def lines(self) -> tuple[str, ...]:
        return tuple(part for part in (self.line1, self.line2, self.city, self.postcode, self.country) if part)


@dataclass(frozen=True, slots=True)
class CustomerView:
    id: str
    name: str
    email: str
    address: PostalAddress
    status: str


@dataclass(frozen=True, slots=True)
class MailView:
    subject: str
    status: str
    sent_at: str | None

    @property
    def arrived(self) -> bool:
        return self.status == "sent"
