"""Load the shipped catalogue (``seed/catalogue.json``) into empty tables.

Run once, by a data migration, so every instance of every environment starts
from the same records and no two instances ever load it twice.
"""

from __future__ import annotations

import json
from decimal import Decimal
from importlib.resources import files

from sqlalchemy import Connection

from musiccorp.catalog.adapters.tables import albums, artists, tracks


def load_seed() -> dict:
    return json.loads(files("musiccorp.catalog.adapters.seed").joinpath("catalogue.json").read_text("utf-8"))


def seed_catalogue(connection: Connection, data: dict | None = None) -> int:
    """Insert the catalogue; returns the number of albums inserted."""
    data = data or load_seed()
    connection.execute(artists.insert(), [
        {key: artist[key] for key in ("id", "name", "country", "formed", "bio")} for artist in data["artists"]
    ])
    connection.execute(albums.insert(), [
        {
            "id": album["id"], "artist_id": album["artist_id"], "title": album["title"], "year": album["year"],
            "genre": album["genre"], "label": album["label"], "price_amount": Decimal(album["price"]["amount"]),
            "price_currency": album["price"]["currency"], "cover_hue": album["cover_hue"],
            "featured": album["featured"],
        }
        for album in data["albums"]
    ])
    connection.execute(tracks.insert(), [
        {"album_id": album["id"], **track} for album in data["albums"] for track in album["tracks"]
    ])
    return len(data["albums"])
