"""Why a page could not show what was asked."""


class StorefrontError(Exception):
    """Base of the storefront's own errors."""


class CatalogUnavailable(StorefrontError):
    """The catalog did not answer in time (down, overloaded, or its circuit is open)."""


class AlbumMissing(StorefrontError):
    def __init__(self, album_id: str) -> None:
        super().__init__(f"no album with id {album_id!r}")
        self.album_id = album_id
