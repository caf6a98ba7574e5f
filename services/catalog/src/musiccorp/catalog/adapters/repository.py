"""The catalogue in its own SQL database (SQLite or PostgreSQL), through SQLAlchemy Core.

Core, not the ORM: reads are the hot path of the whole shop, and Core costs a
fraction of the ORM per row.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from musiccorp.catalog.adapters.tables import albums, artists, tracks
from musiccorp.catalog.domain.model import Album, AlbumSummary, Artist, Money, Track
from musiccorp.catalog.domain.search import AlbumSearch, Page
from musiccorp.catalog.service_layer.ports import AbstractCatalogRepository

_SUMMARY_COLUMNS = (
    albums.c.id, albums.c.title, albums.c.artist_id, artists.c.name.label("artist_name"), albums.c.year,
    albums.c.genre, albums.c.price_amount, albums.c.price_currency, albums.c.cover_hue,
)

_ALBUM = select(*_SUMMARY_COLUMNS, albums.c.label, albums.c.featured).join(artists)
_TRACKS = select(tracks.c.number, tracks.c.title, tracks.c.duration_seconds).order_by(tracks.c.number)


def _summary(row) -> AlbumSummary:
    return AlbumSummary(
        id=row.id, title=row.title, artist_id=row.artist_id, artist_name=row.artist_name, year=row.year,
        genre=row.genre, price=Money(Decimal(row.price_amount).quantize(Decimal("0.01")), row.price_currency),
        cover_hue=row.cover_hue,
    )


def _filtered(statement: Select, search: AlbumSearch) -> Select:
    if search.text:
        pattern = f"%{search.text}%"
        statement = statement.where(or_(albums.c.title.ilike(pattern), artists.c.name.ilike(pattern)))
    if search.genre:
        statement = statement.where(albums.c.genre == search.genre)
    if search.artist_id:
        statement = statement.where(albums.c.artist_id == search.artist_id)
    if search.featured is not None:
        statement = statement.where(albums.c.featured == search.featured)
    return statement


class SqlCatalogRepository(AbstractCatalogRepository):
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def get_album(self, album_id: str) -> Album | None:
        async with self._engine.connect() as connection:
            row = (await connection.execute(_ALBUM.where(albums.c.id == album_id))).first()
            if row is None:
                return None
            track_rows = await connection.execute(_TRACKS.where(tracks.c.album_id == album_id))
            return Album(
                summary=_summary(row), label=row.label, featured=bool(row.featured),
                tracks=tuple(Track(t.number, t.title, t.duration_seconds) for t in track_rows),
            )

    async def get_artist(self, artist_id: str) -> Artist | None:
        async with self._engine.connect() as connection:
            row = (await connection.execute(select(artists).where(artists.c.id == artist_id))).first()
        if row is None:
            return None
        return Artist(id=row.id, name=row.name, country=row.country, formed=row.formed, bio=row.bio)

    async def everything(self) -> tuple[list[Artist], list[Album]]:
        """The whole catalogue in three queries: what the in-memory read model is built from."""
        async with self._engine.connect() as connection:
            artist_rows = (await connection.execute(select(artists))).all()
            album_rows = (await connection.execute(_ALBUM)).all()
            track_rows = (await connection.execute(
                select(tracks).order_by(tracks.c.album_id, tracks.c.number))).all()
        tracks_by_album: dict[str, list[Track]] = {}
        for t in track_rows:
            tracks_by_album.setdefault(t.album_id, []).append(Track(t.number, t.title, t.duration_seconds))
        return (
            [Artist(id=r.id, name=r.name, country=r.country, formed=r.formed, bio=r.bio) for r in artist_rows],
            [Album(summary=_summary(r), label=r.label, featured=bool(r.featured),
                   tracks=tuple(tracks_by_album.get(r.id, ()))) for r in album_rows],
        )

    async def search(self, search: AlbumSearch) -> Page[AlbumSummary]:
        listing = (_filtered(select(*_SUMMARY_COLUMNS).join(artists), search)
                   .order_by(artists.c.name, albums.c.year, albums.c.title)
                   .limit(search.size).offset(search.offset))
        counting = _filtered(select(func.count()).select_from(albums.join(artists)), search)
        async with self._engine.connect() as connection:
            total = (await connection.execute(counting)).scalar_one()
            rows = (await connection.execute(listing)).all()
        return Page(items=tuple(_summary(row) for row in rows), number=search.page,
                    size=search.size, total=total)
