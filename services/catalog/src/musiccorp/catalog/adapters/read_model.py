"""The catalogue's read model: all of it in memory, built from the database (CQRS, practice 8/11.8).

Every page of the shop reads the catalogue and almost nothing writes it, so the
catalog answers reads from an immutable in-memory snapshot instead of querying
its database per request (measured: ~2 ms CPU per album read through the
database, a few hundredths of that from memory). The database stays the
source of truth; ``refresh()`` rebuilds the snapshot from it — at start, and
whenever the catalogue changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from musiccorp.catalog.adapters.repository import SqlCatalogRepository
from musiccorp.catalog.domain.model import Album, AlbumSummary, Artist
from musiccorp.catalog.domain.search import AlbumSearch, Page
from musiccorp.catalog.service_layer.ports import AbstractCatalogRepository


@dataclass(frozen=True, slots=True)
class _Snapshot:
    albums: dict[str, Album]
    artists: dict[str, Artist]
    ordered: tuple[tuple[str, Album], ...]  # (casefolded "title artist", album), in listing order


def _snapshot(artists: list[Artist], albums: list[Album]) -> _Snapshot:
    ordered = sorted(albums, key=lambda a: (a.summary.artist_name, a.summary.year, a.summary.title))
    return _Snapshot(
        albums={a.id: a for a in albums},
        artists={a.id: a for a in artists},
        ordered=tuple((f"{a.summary.title}\n{a.summary.artist_name}".casefold(), a) for a in ordered),
    )


class CatalogReadModel(AbstractCatalogRepository):
    def __init__(self, source: SqlCatalogRepository) -> None:
        self._source = source
        self._current = _snapshot([], [])
        self.version = 0

    async def refresh(self) -> None:
        artists, albums = await self._source.everything()
        self._current = _snapshot(artists, albums)
        self.version += 1

    async def get_album(self, album_id: str) -> Album | None:
        return self._current.albums.get(album_id)

    async def get_artist(self, artist_id: str) -> Artist | None:
        return self._current.artists.get(artist_id)

    async def search(self, search: AlbumSearch) -> Page[AlbumSummary]:
        needle = search.text.casefold() if search.text else None
        found = [
            album.summary for text, album in self._current.ordered
            if (needle is None or needle in text)
            and (search.genre is None or album.summary.genre == search.genre)
            and (search.artist_id is None or album.summary.artist_id == search.artist_id)
            and (search.featured is None or album.featured == search.featured)
        ]
        return Page(items=tuple(found[search.offset:search.offset + search.size]), number=search.page,
                    size=search.size, total=len(found))
