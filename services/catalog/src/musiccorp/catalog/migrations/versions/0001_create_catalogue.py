"""Create the catalogue tables: artists, albums, tracks.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "artists",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("formed", sa.Integer, nullable=False),
        sa.Column("bio", sa.Text, nullable=False),
    )
    op.create_table(
        "albums",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("artist_id", sa.String(36), sa.ForeignKey("artists.id"), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("genre", sa.String(32), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("price_amount", sa.Numeric(10, 2), nullable=False),
        sa.Column("price_currency", sa.String(3), nullable=False),
        sa.Column("cover_hue", sa.Integer, nullable=False),
        sa.Column("featured", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_albums_artist_id", "albums", ["artist_id"])
    op.create_index("ix_albums_genre", "albums", ["genre"])
    op.create_index("ix_albums_title", "albums", ["title"])
    op.create_table(
        "tracks",
        sa.Column("album_id", sa.String(36), sa.ForeignKey("albums.id"), primary_key=True),
        sa.Column("number", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("duration_seconds", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("tracks")
    op.drop_table("albums")
    op.drop_table("artists")
