"""The published shape of the orders API: request bodies that are validated, and the documented answers.

What the documented patterns call valid the domain accepts, and the domain's
own rules (``domain/model.py``) have the last word, answering 422 in its words.
Representations are plain dicts built in :mod:`.representations`, described by
the ``*Read`` models.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from musiccorp.chassis.schemas import optional_text_field, text_field
from musiccorp.orders.domain import model

MONEY_PATTERN = r"^\d+\.\d{2}$"

Id = Annotated[str, Field(pattern=model.ID_PATTERN, examples=["5b0e3f6c-3a8e-4c1b-9a43-0f5f2a1d7c10"])]
Quantity = Annotated[int, Field(ge=1, le=model.MAX_QUANTITY, examples=[1])]


class CartItemUpdate(BaseModel):
    """How many of the album the cart should hold (``PUT /v1/carts/{customer_id}/items/{album_id}``)."""

    quantity: Quantity


class OrderLineWrite(BaseModel):
    album_id: Id
    quantity: Quantity


class ShippingAddressWrite(BaseModel):
    name: text_field("name", model.NAME_MAX_LENGTH, example="Nina Valdés")
    line1: text_field("line1", model.LINE_MAX_LENGTH, example="12 Harbour Street")
    line2: optional_text_field("line2", model.LINE_MAX_LENGTH, example="Flat 3") = None
    city: text_field("city", model.CITY_MAX_LENGTH, example="Bristol")
    postcode: text_field("postcode", model.POSTCODE_MAX_LENGTH, example="BS1 4DJ")
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2, upper case",
                                  examples=["GB"])]

    def to_domain(self) -> model.ShippingAddress:
        return model.ShippingAddress(name=self.name, line1=self.line1, line2=self.line2, city=self.city,
                                     postcode=self.postcode, country=self.country)


class OrderCreate(BaseModel):
    """An order to place (``POST /v1/orders``, with an ``Idempotency-Key``); prices come from the catalog."""

    customer_id: Id
    lines: list[OrderLineWrite] = Field(min_length=1, max_length=model.MAX_LINES,
                                        description="Each album once, with how many of it")
    card_token: Annotated[str, Field(pattern=model.CARD_TOKEN_PATTERN, examples=["tok_4242"],
                                     description="The PayBuddy token of the customer's card")]
    shipping_address: ShippingAddressWrite


class MoneyRead(BaseModel):
    amount: str = Field(pattern=MONEY_PATTERN, examples=["19.98"])
    currency: str = Field(examples=["GBP"])


class Link(BaseModel):
    href: str


class CartItemRead(BaseModel):
    album_id: str
    title: str
    artist: str
    unit_price: MoneyRead
    quantity: int
    line_total: MoneyRead


class CartLinks(BaseModel):
    self: Link
    checkout: Link | None = Field(None, description="POST an order here (only while the cart holds anything)")


class CartRead(BaseModel):
    customer_id: str
    items: list[CartItemRead]
    item_count: int
    total: MoneyRead
    links: CartLinks = Field(alias="_links")


class OrderLineRead(BaseModel):
    album_id: str
    title: str
    quantity: int
    unit_price: MoneyRead
    line_total: MoneyRead


class ShippingAddressRead(BaseModel):
    name: str
    line1: str
    line2: str | None
    city: str
    postcode: str
    country: str


class HistoryEntryRead(BaseModel):
    status: Literal[tuple(model.Status)]  # type: ignore[valid-type]
    at: str


class OrderLinks(BaseModel):
    self: Link
    customer: Link


class OrderRead(BaseModel):
    id: str
    customer_id: str
    status: Literal[tuple(model.Status)]  # type: ignore[valid-type]
    version: int = Field(description="Grows by one at every move; also the ETag")
    cancellation_reason: str | None
    lines: list[OrderLineRead]
    total: MoneyRead
    shipping_address: ShippingAddressRead
    placed_at: str
    updated_at: str
    tracking_number: str | None
    history: list[HistoryEntryRead]
    links: OrderLinks = Field(alias="_links")


class EmbeddedOrders(BaseModel):
    orders: list[OrderRead]


class OrderList(BaseModel):
    embedded: EmbeddedOrders = Field(alias="_embedded")
    count: int
