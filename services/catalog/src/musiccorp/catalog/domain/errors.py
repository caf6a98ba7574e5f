"""What can go wrong when asking the catalogue."""


class CatalogError(Exception):
    """Base of the catalogue's own errors."""


class AlbumNotFound(CatalogError):
    def __init__(self, album_id: str) -> None:
        super().__init__(f"no album with id {album_id!r}")
        self.album_id = album_id


class ArtistNotFound(CatalogError):
    def __init__(self, artist_id: str) -> None:
        super().__init__(f"no artist with id {artist_id!r}")
        self.artist_id = artist_id


class InvalidSearch(CatalogError):
    """A search the catalogue cannot answer (bad page, unknown genre)."""
