"""The published shape of the warehouse API: request bodies that are validated, and the documented answers.

The documented patterns are the domain's own rules, so what the OpenAPI
document calls valid the service accepts — and then may still refuse for a
business reason (no stock, a country we do not ship to), as documented.
Representations are built as plain dicts in :mod:`.representations` and
described by the ``*Read`` models.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import Path
from pydantic import BaseModel, Field

from musiccorp.warehouse.domain.destinations import Zone
from musiccorp.warehouse.domain.lines import ID_PATTERN, MAX_LINES, MAX_QUANTITY, Line
from musiccorp.warehouse.domain.model import Status

ORDER_EXAMPLE = "9d2f6a4e-1c3b-4f7a-8e5d-2b6c1a0f9e84"
ALBUM_EXAMPLE = "4dafff35-5130-581c-af3f-6f10e5597d81"

OrderId = Annotated[str, Path(pattern=ID_PATTERN, max_length=64, examples=[ORDER_EXAMPLE],
                              description="The order's id, as the orders service gave it")]
AlbumId = Annotated[str, Path(pattern=ID_PATTERN, max_length=64, examples=[ALBUM_EXAMPLE],
                              description="The catalogue's album id")]


class LineWrite(BaseModel):
    album_id: str = Field(pattern=ID_PATTERN, max_length=64, examples=[ALBUM_EXAMPLE])
    quantity: int = Field(ge=1, le=MAX_QUANTITY, examples=[2])


class ReservationWrite(BaseModel):
    """Stock to hold for an order (``PUT /v1/reservations/{order_id}``); each album in one line only."""

    ship_to_country: str = Field(pattern=r"^[A-Z]{2}$", examples=["GB"],
                                 description="ISO 3166-1 alpha-2 code, upper case; a country we do not ship "
                                             "to is refused with /problems/unsupported-destination")
    lines: list[LineWrite] = Field(min_length=1, max_length=MAX_LINES)

    def to_lines(self) -> tuple[Line, ...]:
        return tuple(Line(line.album_id, line.quantity) for line in self.lines)


class Link(BaseModel):
    href: str


class ReservationLinks(BaseModel):
    """``self`` always; the actions only while the reservation is held."""

    self: Link
    confirm: Link | None = Field(None, description="PUT to confirm: the stock leaves the shelf and is picked")
    release: Link | None = Field(None, description="DELETE to release the held stock")


class LineRead(BaseModel):
    album_id: str
    quantity: int


class ReservationRead(BaseModel):
    order_id: str
    status: Literal[tuple(Status)]  # type: ignore[valid-type]
    ship_to_country: str
    zone: Literal[tuple(Zone)]  # type: ignore[valid-type]
    expires_at: datetime = Field(description="When the hold lapses unless confirmed")
    lines: list[LineRead]
    links: ReservationLinks = Field(alias="_links")


class StockLinks(BaseModel):
    self: Link


class StockRead(BaseModel):
    album_id: str
    on_hand: int = Field(description="Units on the shelf")
    reserved: int = Field(description="Units held for orders not yet confirmed")
    available: int = Field(description="Units that can be reserved now: on_hand - reserved")
    links: StockLinks = Field(alias="_links")
