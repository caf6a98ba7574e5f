"""HAL representations of the catalogue: plain dicts with ``_links`` (practice 4.7)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

import orjson

from musiccorp.catalog.domain.model import Album, AlbumSummary, Artist
from musiccorp.catalog.domain.search import AlbumSearch, Page


def album_href(album_id: str) -> str:
    return f"/v1/albums/{album_id}"


def artist_href(artist_id: str) -> str:
    return f"/v1/artists/{artist_id}"


def summary(album: AlbumSummary) -> dict:
    return {
        "id": album.id,
        "title": album.title,
        "artist": {"id": album.artist_id, "name": album.artist_name},
        "year": album.year,
        "genre": album.genre,
        "price": {"amount": f"{album.price.amount:.2f}", "currency": album.price.currency},
        "cover_hue": album.cover_hue,
        "_links": {"self": {"href": album_href(album.id)}, "artist": {"href": artist_href(album.artist_id)}},
    }


def album(album: Album) -> dict:
    body = summary(album.summary)
    body.update(
        label=album.label,
        featured=album.featured,
        duration_seconds=album.duration_seconds,
        tracks=[{"number": t.number, "title": t.title, "duration_seconds": t.duration_seconds}
                for t in album.tracks],
    )
    return body


def _page_href(search: AlbumSearch, page: int) -> str:
    query = {"q": search.text, "genre": search.genre, "artist_id": search.artist_id,
             "featured": None if search.featured is None else str(search.featured).lower(),
             "page": page, "size": search.size}
    return "/v1/albums?" + urlencode({k: v for k, v in query.items() if v is not None})


def album_page(page: Page[AlbumSummary], search: AlbumSearch) -> dict:
    links = {
        "self": {"href": _page_href(search, page.number)},
        "first": {"href": _page_href(search, 1)},
        "last": {"href": _page_href(search, page.pages)},
    }
    if page.has_next:
        links["next"] = {"href": _page_href(search, page.number + 1)}
    if page.has_previous:
        links["prev"] = {"href": _page_href(search, page.number - 1)}
    return {
        "page": page.number, "size": page.size, "total": page.total, "pages": page.pages,
        "_links": links,
        "_embedded": {"albums": [summary(item) for item in page.items]},
    }


def artist(artist: Artist, albums: Page[AlbumSummary]) -> dict:
    return {
        "id": artist.id, "name": artist.name, "country": artist.country, "formed": artist.formed,
        "bio": artist.bio,
        "_links": {"self": {"href": artist_href(artist.id)},
                   "albums": {"href": f"/v1/albums?artist_id={artist.id}"}},
        "_embedded": {"albums": [summary(item) for item in albums.items]},
    }


class RenderedAlbums:
    """Album representations as bytes, rendered once per read-model version.

    Between two refreshes of the read model an album cannot change, so its
    bytes (and so its ETag) are computed on the first read only. Without a
    version (reading the database directly) every read renders afresh.
    """

    def __init__(self, *, version_of: Callable[[], object]) -> None:
        self._version_of = version_of
        self._version: object = None
        self._bytes: dict[str, bytes] = {}

    def album(self, entity: Album) -> bytes:
        version = self._version_of()
        if version is None:
            return orjson.dumps(album(entity))
        if version != self._version:
            self._bytes.clear()
            self._version = version
        body = self._bytes.get(entity.id)
        if body is None:
            body = self._bytes[entity.id] = orjson.dumps(album(entity))
        return body
