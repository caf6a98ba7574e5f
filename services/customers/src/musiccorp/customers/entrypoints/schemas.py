"""The published shape of the customers API: request bodies that are validated, and the documented answers.

Input is checked by the domain's own rules, so a refusal reads as the domain
words it; the documented patterns say the same, so what the OpenAPI document
calls valid the service accepts. Representations are built as plain dicts in
:mod:`.representations` and described by the ``*Read`` models.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field

from musiccorp.chassis.schemas import optional_text_field, text_field
from musiccorp.customers.domain import model
from musiccorp.customers.domain.countries import COUNTRIES


def _known_country(value: str) -> str:
    if value not in COUNTRIES:  # exactly as documented: upper case, no blanks
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code (upper case)")
    return value


# Checked, and trimmed, by the domain's own rule (``model.text``): a refusal reads as the domain words it.
Name = text_field("name", model.NAME_MAX_LENGTH, example="Nina Valdés", rule=model.text)
Line1 = text_field("line1", model.LINE_MAX_LENGTH, example="12 Harbour Street", rule=model.text)
Line2 = optional_text_field("line2", model.LINE_MAX_LENGTH, example="Flat 3", rule=model.text)
City = text_field("city", model.CITY_MAX_LENGTH, example="Bristol", rule=model.text)
Postcode = text_field("postcode", model.POSTCODE_MAX_LENGTH, example="BS1 4DJ", rule=model.text)
Email = Annotated[str, Field(max_length=model.EMAIL_MAX_LENGTH, examples=["nina@example.com"],
                             description="Unique among customers, compared without regard to case",
                             json_schema_extra={"pattern": model.EMAIL_PATTERN}),
                  AfterValidator(model.normalise_email)]
CountryCode = Annotated[str, Field(description="ISO 3166-1 alpha-2 code, upper case", examples=["GB"],
                                   json_schema_extra={"enum": list(COUNTRIES)}),
                        AfterValidator(_known_country)]


class AddressWrite(BaseModel):
    """A postal address as a client writes it."""

    line1: Line1
    line2: Line2 = None
    city: City
    postcode: Postcode
    country: CountryCode

    def to_domain(self) -> model.Address:
        return model.Address(line1=self.line1, line2=self.line2, city=self.city, postcode=self.postcode,
                             country=self.country)


class AddressUpdate(AddressWrite):
    """The customer's new postal address (``PUT /v1/customers/{id}/address``)."""


class CustomerCreate(BaseModel):
    """A customer to register (``POST /v1/customers``)."""

    name: Name
    email: Email
    address: AddressWrite


class Link(BaseModel):
    href: str


class CustomerLinks(BaseModel):
    """``self`` always; an action's link only while the customer's state allows it."""

    self: Link
    address: Link | None = Field(None, description="PUT a new address (not once closed)")
    suspend: Link | None = Field(None, description="POST to suspend an active customer")
    reactivate: Link | None = Field(None, description="DELETE to reactivate a suspended customer")
    close: Link | None = Field(None, description="POST to close the account, for good")


class AddressRead(BaseModel):
    line1: str
    line2: str | None
    city: str
    postcode: str
    country: str
    country_name: str


class CustomerRead(BaseModel):
    id: str
    name: str
    email: str
    status: Literal[tuple(model.Status)]  # type: ignore[valid-type]
    address: AddressRead
    links: CustomerLinks = Field(alias="_links")


class EmbeddedCustomers(BaseModel):
    customers: list[CustomerRead]


class CollectionLinks(BaseModel):
    self: Link


class CustomerList(BaseModel):
    """The customers matching a query (``GET /v1/customers?email=``): none, or the one with that email."""

    embedded: EmbeddedCustomers = Field(alias="_embedded")
    count: int
    links: CollectionLinks = Field(alias="_links")
