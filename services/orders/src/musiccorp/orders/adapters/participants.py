"""The saga's participants over HTTP, through the chassis client: each call classified as a saga outcome.

The wire contract is ADR 0006. Every call is idempotent by the order's id: a
PUT or DELETE at ``/…/{order_id}``, and a POST to payments carrying
``Idempotency-Key: charge-{order_id}`` or ``refund-{order_id}``. So the chassis
may retry them, and so may the saga after a crash.

How an answer is read:

- 2xx → :class:`Done` (a DELETE answered 404 too: nothing to undo);
- another 4xx → :class:`Refused`, with the reason the customer reads (from the problem's type);
- 408, 425, 429, 5xx, and no answer (timeout, breaker open, no live instance) → :class:`Unavailable`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from musiccorp.chassis.http import RemoteCallError, Response, ServiceClient
from musiccorp.orders.domain.model import Order
from musiccorp.orders.domain.saga import Done, Outcome, Refused, Unavailable
from musiccorp.orders.service_layer.ports import Payments, Shipping, Warehouse

_RETRYABLE = frozenset({408, 425, 429})
_STILL_WORKING = frozenset({"request-in-progress"})

Explain = Callable[[str, dict], str]  # (problem slug, problem document) -> the customer's reason


def _problem(response: Response) -> tuple[str, dict]:
    """The problem's slug (the last segment of its ``type``) and document; blanks for a body that is none."""
    try:
        document = response.json()
    except ValueError:
        return "", {}
    if not isinstance(document, dict):
        return "", {}
    return str(document.get("type", "")).rstrip("/").rsplit("/", 1)[-1], document


def classify(response: Response, explain: Explain) -> Outcome:
    if response.ok:
        return Done()
    if 400 <= response.status < 500 and response.status not in _RETRYABLE:
        slug, problem = _problem(response)
        if slug in _STILL_WORKING:  # a twin of this very request is still in flight: try again, it is no refusal
            return Unavailable(f"answered {response.status} {slug}")
        return Refused(explain(slug, problem))
    return Unavailable(f"answered {response.status}")


async def _send(call: Awaitable[Response], explain: Explain, *, absent_is_done: bool = False) -> Outcome:
    try:
        response = await call
    except RemoteCallError as exc:
        return Unavailable(str(exc))
    if absent_is_done and response.status == 404:
        return Done()
    return classify(response, explain)


def _lines(order: Order) -> list[dict]:
    return [{"album_id": line.album_id, "quantity": line.quantity} for line in order.lines]


def _money(order: Order) -> dict[str, str]:
    return {"amount": order.total.amount, "currency": order.total.currency}


class HttpWarehouse(Warehouse):
    def __init__(self, client: ServiceClient) -> None:
        self._client = client

    async def reserve(self, order: Order) -> Outcome:
        body = {"ship_to_country": order.shipping_address.country, "lines": _lines(order)}

        def explain(slug: str, problem: dict) -> str:
            if slug == "insufficient-stock":
                titles = {line.album_id: line.title for line in order.lines}
                missing = titles.get(str(problem.get("album_id")))
                return f"Out of stock: {missing}" if missing else f"Out of stock: {', '.join(titles.values())}"
            if slug == "unsupported-destination":
                return f"We do not ship to {order.shipping_address.country}"
            return "We could not reserve your items"

        return await _send(self._client.put(f"/v1/reservations/{order.id}", json=body), explain)

    async def confirm(self, order: Order) -> Outcome:
        def explain(slug: str, problem: dict) -> str:
            if slug == "reservation-not-held":
                return "Your items were no longer held for you. Your payment has been refunded."
            return "We could not complete your order. Your payment has been refunded."

        return await _send(self._client.put(f"/v1/reservations/{order.id}/confirmation"), explain)

    async def release(self, order: Order) -> Outcome:
        return await _send(self._client.delete(f"/v1/reservations/{order.id}"), _undo_refused,
                           absent_is_done=True)


class HttpPayments(Payments):
    def __init__(self, client: ServiceClient) -> None:
        self._client = client

    async def charge(self, order: Order) -> Outcome:
        body = {"order_id": order.id, "customer_id": order.customer_id, "amount": _money(order),
                "card_token": order.card_token,
                "lines": [{"album_id": line.album_id, "quantity": line.quantity,
                           "unit_price": {"amount": line.unit_price.amount, "currency": line.unit_price.currency}}
                          for line in order.lines]}

        def explain(slug: str, problem: dict) -> str:
            return "Your card was declined" if slug == "payment-declined" else "Your payment could not be taken"

        return await _send(self._client.post("/v1/payments", json=body,
                                             headers={"Idempotency-Key": f"charge-{order.id}"}), explain)

    async def refund(self, order: Order, *, reason: str) -> Outcome:
        return await _send(self._client.post("/v1/refunds", json={"order_id": order.id, "reason": reason},
                                             headers={"Idempotency-Key": f"refund-{order.id}"}), _undo_refused)


class HttpShipping(Shipping):
    def __init__(self, client: ServiceClient) -> None:
        self._client = client

    async def create_shipment(self, order: Order) -> Outcome:
        address = order.shipping_address
        body = {"customer_id": order.customer_id,
                "address": {"name": address.name, "line1": address.line1, "line2": address.line2,
                            "city": address.city, "postcode": address.postcode, "country": address.country},
                "items": _lines(order)}

        def explain(slug: str, problem: dict) -> str:
            if slug == "unsupported-destination":
                return f"We do not ship to {address.country}"
            return "We could not arrange delivery. Your payment has been refunded."

        try:
            response = await self._client.put(f"/v1/shipments/{order.id}", json=body)
        except RemoteCallError as exc:
            return Unavailable(str(exc))
        outcome = classify(response, explain)
        if isinstance(outcome, Done):
            tracking_number = response.json().get("tracking_number")
            return Done(tracking_number=str(tracking_number) if tracking_number else None)
        return outcome

    async def cancel_shipment(self, order: Order) -> Outcome:
        return await _send(self._client.delete(f"/v1/shipments/{order.id}"), _undo_refused, absent_is_done=True)


def _undo_refused(slug: str, problem: dict) -> str:
    """A compensation refused is for a person to look at; say what the participant said."""
    return f"refused: {slug or 'no problem type'}: {problem.get('detail', '')}".strip()
