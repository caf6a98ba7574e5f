"""Load the warehouse's opening stock (``seed/stock.json``) into the empty ``stock`` table.

Run once, by a data migration, so every instance of every environment starts
from the same count. The file was generated once from the catalogue's seed
when stock was split out of the monolith's album table (5.10); see
``scripts/generate_stock_seed.py``. Nothing here reads the catalogue.
"""

from __future__ import annotations

import json
from importlib.resources import files

from sqlalchemy import Connection

from musiccorp.warehouse.adapters.tables import stock


def load_seed() -> dict[str, int]:
    """Album id -> units on hand."""
    document = json.loads(files("musiccorp.warehouse.adapters.seed").joinpath("stock.json").read_text("utf-8"))
    return document["on_hand"]


def seed_stock(connection: Connection, on_hand: dict[str, int] | None = None) -> int:
    """Insert one stock row per album, nothing reserved; returns the number of albums."""
    on_hand = load_seed() if on_hand is None else on_hand
    connection.execute(stock.insert(), [
        {"album_id": album_id, "on_hand": units, "reserved": 0} for album_id, units in on_hand.items()])
    return len(on_hand)
