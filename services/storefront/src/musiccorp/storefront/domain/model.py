"""What the shop's pages show: the storefront's own view of albums, read from the catalog.

These are not the catalog's types. The storefront keeps only the fields its
pages need (a tolerant reader), so the catalog can add fields freely.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in a currency, exact (money on the wire is a decimal string: ``{"amount": "19.98"}``).

    >>> str(Money(Decimal("9.99"), "GBP") * 2)
    '£19.98'
    """

    amount: Decimal
    currency: str

    def __mul__(self, quantity: int) -> Money:
        return Money(self.amount * quantity, self.currency)

    def __add__(self, other: Money) -> Money:
        if other.currency != self.currency:
            raise ValueError(f"cannot add {other.currency} to {self.currency}")
        return Money(self.amount + other.amount, self.currency)

    def __str__(self) -> str:
        return format_price(f"{self.amount:.2f}", self.currency)


@dataclass(frozen=True, slots=True)
class AlbumCard:
    id: str
    title: str
    artist_id: str
    artist_name: str
    year: int
    genre: str
    price: Money
    cover_hue: int


@dataclass(frozen=True, slots=True)
class Track:
    number: int
    title: str
    duration_seconds: int

    @property
    def duration(self) -> str:
        return format_duration(self.duration_seconds)


@dataclass(frozen=True, slots=True)
class AlbumDetail:
    card: AlbumCard
    label: str
    tracks: tuple[Track, ...]

    @property
    def duration(self) -> str:
        return format_duration(sum(track.duration_seconds for track in self.tracks))


@dataclass(frozen=True, slots=True)
class Listing:
    albums: tuple[AlbumCard, ...]
    page: int
    pages: int
    total: int

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


GENRES = ("rock", "pop", "jazz", "electronic", "hip-hop", "classical",
          "folk", "soul", "metal", "country", "reggae", "blues")


def format_duration(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_price(amount: str, currency: str) -> str:
    symbol = {"GBP": "£", "EUR": "€", "USD": "$"}.get(currency)
    return f"{symbol}{amount}" if symbol else f"{amount} {currency}"
