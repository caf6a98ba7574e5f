"""What the browser's session remembers of the cart: a guest's lines, and the count the header shows.

The count is cached here so that no page but the cart's own asks orders for it:
every page shows it, and a page view must not cost a remote call (the album
page's benchmark). It is refreshed whenever this browser changes the cart or
shows it, so a change made on another device shows after the next cart visit.
"""

from __future__ import annotations

from starlette.requests import Request

from musiccorp.storefront.domain.cart import MAX_GUEST_LINES, MAX_QUANTITY
from musiccorp.storefront.entrypoints.session import current_customer

_LINES = "cart"
_COUNT = "cart_count"


def cart_count(request: Request) -> int | None:
    """The number of records in the cart, or ``None`` when it is not known (orders did not answer)."""
    if _COUNT not in request.session:
        return None if current_customer(request) else 0
    return request.session[_COUNT]


def remember_count(request: Request, count: int | None) -> None:
    if count is None:
        request.session.pop(_COUNT, None)
    elif request.session.get(_COUNT) != count:
        request.session[_COUNT] = count


def guest_lines(request: Request) -> dict[str, int]:
    """A copy of the guest's lines (album id → quantity); change it, then :func:`keep_guest_lines`."""
    stored = request.session.get(_LINES)
    if not isinstance(stored, dict):
        return {}
    return {str(album_id): max(1, min(MAX_QUANTITY, int(quantity)))
            for album_id, quantity in list(stored.items())[:MAX_GUEST_LINES] if isinstance(quantity, int)}


def keep_guest_lines(request: Request, lines: dict[str, int]) -> None:
    # Assigned anew, never changed in place: the session notices only a key being set.
    if lines:
        request.session[_LINES] = dict(lines)
    else:
        request.session.pop(_LINES, None)


def forget_cart(request: Request) -> None:
    request.session.pop(_LINES, None)
    request.session.pop(_COUNT, None)
