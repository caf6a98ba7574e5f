"""The checkout's commands moved to :mod:`musiccorp.storefront.domain.commands`; this name stays only for
``entrypoints/checkout.py``, which still imports them from here, and goes once that import follows them."""

from musiccorp.storefront.domain.commands import LineRequest, PlaceOrder

__all__ = ["LineRequest", "PlaceOrder"]
