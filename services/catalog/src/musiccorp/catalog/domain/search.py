"""Searching the catalogue: what a shopper may ask for, and a page of answers."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Generic, TypeVar

from musiccorp.catalog.domain.errors import InvalidSearch
from musiccorp.catalog.domain.model import GENRES

T = TypeVar("T")

MAX_PAGE_SIZE = 100


@dataclass(frozen=True, slots=True)
class AlbumSearch:
    text: str | None = None
    genre: str | None = None
    artist_id: str | None = None
    featured: bool | None = None
    page: int = 1
    size: int = 20

    def __post_init__(self) -> None:
        if self.page < 1:
            raise InvalidSearch("page numbers start at 1")
        if not 1 <= self.size <= MAX_PAGE_SIZE:
            raise InvalidSearch(f"page size must be between 1 and {MAX_PAGE_SIZE}")
        if self.genre is not None and self.genre not in GENRES:
            raise InvalidSearch(f"unknown genre {self.genre!r}")

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: tuple[T, ...]
    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.size))

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1
