"""The published shape of the payments API: request bodies that are validated, and the documented answers.

Readers are tolerant: a field a request carries that is not described here is
ignored — with one exception, enforced before the body is read at all: nothing
that looks like a card number is accepted anywhere (practice 9.6). Cards are
PayBuddy's business; payments sees only the token the browser got for one.
Representations are built as plain dicts in :mod:`.representations` and
described by the ``*Read`` models.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from musiccorp.chassis.schemas import text_field
from musiccorp.payments.domain.model import MAX_QUANTITY, LedgerLine, Status
from musiccorp.payments.domain.money import AMOUNT_PATTERN, CURRENCIES, Money

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]*$"

Reason = text_field("reason", 500, example="stock ran out")
Id = Annotated[str, Field(min_length=1, max_length=64, pattern=ID_PATTERN,
                          examples=["7a1f3c5e-2b4d-4e6f-8a0b-1c2d3e4f5a6b"])]
CardToken = Annotated[str, Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_-]+$",
                                 description="The token PayBuddy gave the shopper's browser for the card: "
                                             "never a card number.", examples=["tok_4f9c2a7e1b3d5f60a8c9e2b1"])]
Currency = Literal[tuple(CURRENCIES)]  # type: ignore[valid-type]


class MoneyWrite(BaseModel):
    amount: str = Field(pattern=AMOUNT_PATTERN, examples=["19.98"])
    currency: Currency = Field(examples=["GBP"])

    def to_domain(self) -> Money:
        return Money.parse(self.amount, self.currency)


class LineWrite(BaseModel):
    """One ledger line: a catalog album by id — its title stays the catalog's (5.7)."""

    album_id: Id
    quantity: int = Field(ge=1, le=MAX_QUANTITY)
    unit_price: MoneyWrite

    def to_domain(self) -> LedgerLine:
        return LedgerLine(self.album_id, self.quantity, self.unit_price.to_domain())


class PaymentCreate(BaseModel):
    """Take an order's payment (``POST /v1/payments``); the lines must add up to ``amount``."""

    order_id: Id
    customer_id: Id
    amount: MoneyWrite
    card_token: CardToken
    lines: list[LineWrite] = Field(min_length=1, max_length=200)


class RefundCreate(BaseModel):
    """Give back everything taken for an order (``POST /v1/refunds``)."""

    order_id: Id
    reason: Reason


class Link(BaseModel):
    href: str


class MoneyRead(BaseModel):
    amount: str = Field(examples=["19.98"])
    currency: str = Field(examples=["GBP"])


class LineRead(BaseModel):
    album_id: str
    quantity: int
    unit_price: MoneyRead
    line_total: MoneyRead


class PaymentLinks(BaseModel):
    self: Link
    order: Link
    statement: Link


class PaymentRead(BaseModel):
    id: str
    order_id: str
    customer_id: str
    status: Literal[tuple(Status)]  # type: ignore[valid-type]
    amount: MoneyRead
    provider_reference: str | None
    decline_reason: str | None
    lines: list[LineRead]
    created_at: str
    updated_at: str
    links: PaymentLinks = Field(alias="_links")


class PaymentsEmbedded(BaseModel):
    payments: list[PaymentRead]


class PaymentList(BaseModel):
    embedded: PaymentsEmbedded = Field(alias="_embedded")
    count: int


class RefundLinks(BaseModel):
    payments: Link


class RefundRead(BaseModel):
    order_id: str
    status: Literal["refunded", "nothing_to_refund"]
    amount: MoneyRead = Field(description="Everything given back for the order so far")
    links: RefundLinks = Field(alias="_links")


class StatementLineRead(BaseModel):
    payment_id: str
    order_id: str
    status: str
    album_id: str
    title: str | None = Field(description="From the catalog when read; 'Unknown item' if it no longer knows it")
    title_unavailable: bool = Field(description="True when the catalog could not be asked: title is null")
    quantity: int
    unit_price: MoneyRead
    line_total: MoneyRead
    paid_at: str


class StatementLinks(BaseModel):
    self: Link
    customer: Link


class StatementRead(BaseModel):
    customer_id: str
    lines: list[StatementLineRead]
    count: int
    links: StatementLinks = Field(alias="_links")


class NotificationRead(BaseModel):
    status: Literal[(*Status, "ignored")] = Field(  # type: ignore[valid-type]
        description="The payment's state after the callback; 'ignored' when it names no payment of ours")
    payment_id: str | None = None
