"""The catalogue's tables (SQLAlchemy Core). Kept out of the domain: the model knows no ORM."""

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, MetaData, Numeric, String, Table, Text

metadata = MetaData()

artists = Table(
    "artists", metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("country", String(2), nullable=False),
    Column("formed", Integer, nullable=False),
    Column("bio", Text, nullable=False),
)

albums = Table(
    "albums", metadata,
    Column("id", String(36), primary_key=True),
    Column("artist_id", String(36), ForeignKey("artists.id"), nullable=False, index=True),
    Column("title", String(300), nullable=False),
    Column("year", Integer, nullable=False),
    Column("genre", String(32), nullable=False, index=True),
    Column("label", String(200), nullable=False),
    Column("price_amount", Numeric(10, 2), nullable=False),
    Column("price_currency", String(3), nullable=False),
    Column("cover_hue", Integer, nullable=False),
    Column("featured", Boolean, nullable=False, default=False),
)

tracks = Table(
    "tracks", metadata,
    Column("album_id", String(36), ForeignKey("albums.id"), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("title", String(300), nullable=False),
    Column("duration_seconds", Integer, nullable=False),
)

Index("ix_albums_title", albums.c.title)
