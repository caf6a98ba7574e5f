"""What a reservation is for: lines of units of an album, and the ids that name orders and albums."""

from __future__ import annotations

import re
from dataclasses import dataclass

from musiccorp.warehouse.domain.errors import InvalidReservation

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"
MAX_LINES = 50
MAX_QUANTITY = 10

_ID = re.compile(ID_PATTERN)


def is_id(value: str) -> bool:
    """True when ``value`` is written as an order or album id is: 1 to 64 letters, digits, ``-`` or ``_``.

    Catalogue and order ids are UUIDs; the rule is wider so that the warehouse
    does not depend on how other contexts mint their ids.
    """
    return bool(_ID.fullmatch(value))


@dataclass(frozen=True, slots=True, order=True)
class Line:
    """Units of one album."""

    album_id: str
    quantity: int

    def __post_init__(self) -> None:
        if not is_id(self.album_id):
            raise InvalidReservation(f"{self.album_id!r} is not an album id")
        if not 1 <= self.quantity <= MAX_QUANTITY:
            raise InvalidReservation(f"album {self.album_id}: quantity must be 1 to {MAX_QUANTITY}")


def lines_of(lines: tuple[Line, ...] | list[Line]) -> tuple[Line, ...]:
    """The lines in album order; refused when empty, too many, or naming an album twice."""
    if not 1 <= len(lines) <= MAX_LINES:
        raise InvalidReservation(f"a reservation has 1 to {MAX_LINES} lines")
    albums = [line.album_id for line in lines]
    if len(set(albums)) != len(albums):
        raise InvalidReservation("each album may appear in one line only")
    return tuple(sorted(lines))
