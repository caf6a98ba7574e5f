"""Why a page could not show what was asked."""


class StorefrontError(Exception):
    """Base of the storefront's own errors."""


class CatalogUnavailable(StorefrontError):
    """The catalog did not answer in time (down, overloaded, or its circuit is open)."""


class AlbumMissing(StorefrontError):
    def __init__(self, album_id: str) -> None:
        super().__init__(f"no album with id {album_id!r}")
        self.album_id = album_id


class ServiceUnavailable(StorefrontError):
    """A service behind a page did not answer; the page shows what it can without it."""

    def __init__(self, service: str, reason: str = "") -> None:
        super().__init__(f"{service} unavailable" + (f": {reason}" if reason else ""))
        self.service = service


class EmailTaken(StorefrontError):
    """Somebody registered with this email already."""


class InvalidRegistration(StorefrontError):
    """The customers service refused the form; ``problems`` maps field to message."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


class CartFull(StorefrontError):
    """A guest's cart holds as many albums as the session can carry; signing in lifts the limit."""


class OrderRefused(StorefrontError):
    """The orders service refused to place the order (422); ``reason`` says why, in its words."""

    def __init__(self, reason: str, *, key_reused: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.key_reused = key_reused


class OrderMissing(StorefrontError):
    """No such order, or not the shopper's: the two look the same from outside, on purpose."""
