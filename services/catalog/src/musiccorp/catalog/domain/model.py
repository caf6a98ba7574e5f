"""The catalogue: artists, the albums they made, and what an album costs."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

GENRES = ("rock", "pop", "jazz", "electronic", "hip-hop", "classical",
          "folk", "soul", "metal", "country", "reggae", "blues")


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str

    def __str__(self) -> str:
        return f"{self.amount:.2f} {self.currency}"


@dataclass(frozen=True, slots=True)
class Track:
    number: int
    title: str
    duration_seconds: int


@dataclass(frozen=True, slots=True)
class Artist:
    id: str
    name: str
    country: str
    formed: int
    bio: str


@dataclass(frozen=True, slots=True)
class AlbumSummary:
    id: str
    title: str
    artist_id: str
    artist_name: str
    year: int
    genre: str
    price: Money
    cover_hue: int


@dataclass(frozen=True, slots=True)
class Album:
    summary: AlbumSummary
    label: str
    featured: bool
    tracks: tuple[Track, ...]

    @property
    def id(self) -> str:
        return self.summary.id

    @property
    def duration_seconds(self) -> int:
        return sum(track.duration_seconds for track in self.tracks)
