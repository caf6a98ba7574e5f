"""The published shape of the shipping API: request bodies that are validated, and the documented answers.

Input is checked by the domain's own rules, so a refusal reads as the domain
words it; the documented patterns say the same, so what the OpenAPI document
calls valid the service accepts. Representations are built as plain dicts in
:mod:`.representations` and described by the ``*Read`` models.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field

from musiccorp.chassis.schemas import optional_text_field, text_field
from musiccorp.shipping.domain import model
from musiccorp.shipping.domain.tracking import PATTERN as TRACKING_NUMBER_PATTERN


def _distinct_albums(items: list[ItemWrite]) -> list[ItemWrite]:
    if len({item.album_id for item in items}) != len(items):
        raise ValueError("each album is listed once, with its quantity")
    return items


Identifier = Annotated[str, Field(pattern=model.IDENTIFIER_PATTERN, examples=["9a1f0c2e-6b3d-4e8f-a7c5-1d2e3f4a5b6c"])]
# Checked, and trimmed, by the label's own rule (``model.label_line``): a refusal reads as the domain words it.
Name = text_field("name", model.NAME_MAX_LENGTH, example="Nina Valdés", rule=model.label_line)
Line1 = text_field("line1", model.LINE_MAX_LENGTH, example="12 Harbour Street", rule=model.label_line)
City = text_field("city", model.CITY_MAX_LENGTH, example="Bristol", rule=model.label_line)
Postcode = text_field("postcode", model.POSTCODE_MAX_LENGTH, example="BS1 4DJ", rule=model.label_line)
Line2 = optional_text_field("line2", model.LINE_MAX_LENGTH, example="Flat 3", rule=model.label_line)
Country = Annotated[str, Field(pattern=model.COUNTRY_PATTERN, examples=["GB"],
                               description="ISO 3166-1 alpha-2 code, upper case")]


class AddressWrite(BaseModel):
    """Where the parcel goes."""

    name: Name
    line1: Line1
    line2: Line2 = None
    city: City
    postcode: Postcode
    country: Country

    def to_domain(self) -> model.Address:
        return model.Address(name=self.name, line1=self.line1, line2=self.line2, city=self.city,
                             postcode=self.postcode, country=self.country)


class ItemWrite(BaseModel):
    album_id: Identifier
    quantity: int = Field(ge=1, le=model.MAX_QUANTITY, examples=[1])


class ShipmentWrite(BaseModel):
    """The order's shipment (``PUT /v1/shipments/{order_id}``); the same body again is a repeat."""

    customer_id: Identifier
    address: AddressWrite
    items: Annotated[list[ItemWrite], Field(min_length=1, max_length=model.MAX_ITEMS),
                     AfterValidator(_distinct_albums)]

    def to_items(self) -> tuple[model.Item, ...]:
        return tuple(model.Item(album_id=item.album_id, quantity=item.quantity) for item in self.items)


class Link(BaseModel):
    href: str


class ShipmentLinks(BaseModel):
    """``self``, ``tracking`` and ``order`` always; ``cancel`` only while the shipment awaits picking."""

    self: Link
    tracking: Link = Field(description="The public tracking view")
    order: Link = Field(description="The order shipped, at the orders service")
    cancel: Link | None = Field(None, description="DELETE to call the shipment off (until it is dispatched)")


class AddressRead(BaseModel):
    name: str
    line1: str
    line2: str | None
    city: str
    postcode: str
    country: str


class ItemRead(BaseModel):
    album_id: str
    quantity: int


Status = Literal[tuple(model.Status)]  # type: ignore[valid-type]


class ShipmentRead(BaseModel):
    order_id: str
    customer_id: str
    tracking_number: str = Field(pattern=TRACKING_NUMBER_PATTERN)
    status: Status
    address: AddressRead
    items: list[ItemRead]
    created_at: str
    dispatched_at: str | None
    cancelled_at: str | None
    links: ShipmentLinks = Field(alias="_links")


class TrackingLinks(BaseModel):
    self: Link


class TrackingRead(BaseModel):
    """What anyone holding the number may see: where the parcel is in its journey, never where it goes."""

    tracking_number: str = Field(pattern=TRACKING_NUMBER_PATTERN)
    status: Status
    created_at: str
    dispatched_at: str | None
    cancelled_at: str | None
    links: TrackingLinks = Field(alias="_links")
