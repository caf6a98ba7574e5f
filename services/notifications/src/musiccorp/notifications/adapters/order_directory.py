"""Orders as a mail shows them, fetched by the URI an event carries (see :mod:`.by_reference`).

A tolerant reader: of the order's representation it reads the id, the
customer, each line's title, quantity and total, the order's total and its
tracking number — and ignores everything else.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from musiccorp.notifications.adapters.by_reference import ClientFor, fetch
from musiccorp.notifications.domain.errors import OrderUnavailable
from musiccorp.notifications.domain.orders import Money, Order, OrderLine
from musiccorp.notifications.service_layer.ports import AbstractOrderDirectory


def _money(document: dict[str, Any]) -> Money:
    return Money(amount=Decimal(document["amount"]), currency=str(document["currency"]))


def _order(document: dict[str, Any]) -> Order:
    lines = tuple(OrderLine(title=str(line["title"]), quantity=int(line["quantity"]),
                            line_total=_money(line["line_total"])) for line in document["lines"])
    tracking_number = document.get("tracking_number")
    return Order(id=str(document["id"]), customer_id=str(document["customer_id"]), lines=lines,
                 total=_money(document["total"]), tracking_number=str(tracking_number) if tracking_number else None)


class HttpOrderDirectory(AbstractOrderDirectory):
    def __init__(self, client_for: ClientFor) -> None:
        self._client_for = client_for

    async def order(self, order_uri: str) -> Order:
        document = await fetch(order_uri, client_for=self._client_for, unavailable=OrderUnavailable)
        try:
            return _order(document)
        except (KeyError, TypeError, ValueError, InvalidOperation) as exc:
            raise OrderUnavailable(f"{order_uri} sent an unreadable order") from exc
