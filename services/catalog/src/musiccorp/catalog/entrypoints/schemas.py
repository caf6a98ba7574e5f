"""The published shape of the catalog API (documentation of ``/openapi.json``).

Representations are built as plain dicts in :mod:`.representations` for speed;
these models describe them, and the schema tests hold the two together.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class Link(BaseModel):
    href: str


class Price(BaseModel):
    amount: str = Field(examples=["9.99"], description="Decimal amount, two places")
    currency: str = Field(examples=["GBP"], description="ISO 4217 code")


class ArtistRef(BaseModel):
    id: str
    name: str


class AlbumSummaryLinks(BaseModel):
    self: Link
    artist: Link


class AlbumSummaryRead(BaseModel):
    id: str
    title: str
    artist: ArtistRef
    year: int
    genre: str
    price: Price
    cover_hue: int = Field(ge=0, le=359)
    links: AlbumSummaryLinks = Field(alias="_links")


class TrackRead(BaseModel):
    number: int
    title: str
    duration_seconds: int


class AlbumRead(AlbumSummaryRead):
    label: str
    featured: bool
    duration_seconds: int
    tracks: list[TrackRead]


class PageLinks(BaseModel):
    self: Link
    first: Link
    last: Link
    next: Link | None = None
    prev: Link | None = None


class EmbeddedAlbums(BaseModel):
    albums: list[AlbumSummaryRead]


class AlbumPageRead(BaseModel):
    page: int
    size: int
    total: int
    pages: int
    links: PageLinks = Field(alias="_links")
    embedded: EmbeddedAlbums = Field(alias="_embedded")


class ArtistLinks(BaseModel):
    self: Link
    albums: Link


class ArtistRead(BaseModel):
    id: str
    name: str
    country: str
    formed: int
    bio: str
    links: ArtistLinks = Field(alias="_links")
    embedded: EmbeddedAlbums = Field(alias="_embedded")
