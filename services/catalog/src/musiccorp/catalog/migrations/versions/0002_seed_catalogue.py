"""Load the shipped catalogue into the new tables.

The catalogue is this revision's own data (``0002_seed_catalogue.json`` beside
it) and the tables are declared here as revision 0001 made them: a migration is
frozen history, so it reads nothing of the live code. A later change to the
catalogue is a new migration.

Revision ID: 0002
Revises: 0001
"""

import json
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_artists = sa.table(
    "artists",
    sa.column("id", sa.String(36)),
    sa.column("name", sa.String(200)),
    sa.column("country", sa.String(2)),
    sa.column("formed", sa.Integer),
    sa.column("bio", sa.Text),
)
_albums = sa.table(
    "albums",
    sa.column("id", sa.String(36)),
    sa.column("artist_id", sa.String(36)),
    sa.column("title", sa.String(300)),
    sa.column("year", sa.Integer),
    sa.column("genre", sa.String(32)),
    sa.column("label", sa.String(200)),
    sa.column("price_amount", sa.Numeric(10, 2)),
    sa.column("price_currency", sa.String(3)),
    sa.column("cover_hue", sa.Integer),
    sa.column("featured", sa.Boolean),
)
_tracks = sa.table(
    "tracks",
    sa.column("album_id", sa.String(36)),
    sa.column("number", sa.Integer),
    sa.column("title", sa.String(300)),
    sa.column("duration_seconds", sa.Integer),
)


def upgrade() -> None:
    data = json.loads(Path(__file__).with_suffix(".json").read_text("utf-8"))
    op.bulk_insert(_artists, [
        {key: artist[key] for key in ("id", "name", "country", "formed", "bio")} for artist in data["artists"]
    ])
    op.bulk_insert(_albums, [
        {
            "id": album["id"], "artist_id": album["artist_id"], "title": album["title"], "year": album["year"],
            "genre": album["genre"], "label": album["label"], "price_amount": Decimal(album["price"]["amount"]),
            "price_currency": album["price"]["currency"], "cover_hue": album["cover_hue"],
            "featured": album["featured"],
        }
        for album in data["albums"]
    ])
    op.bulk_insert(_tracks, [
        {"album_id": album["id"], **track} for album in data["albums"] for track in album["tracks"]
    ])


def downgrade() -> None:
    op.execute("DELETE FROM tracks")
    op.execute("DELETE FROM albums")
    op.execute("DELETE FROM artists")
