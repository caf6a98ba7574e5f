"""The anti-corruption layer in front of PayBuddy (practice 4.9): the one module that knows PayBuddy.

PayBuddy is another company's service with its own model: camelCase, ``/v2``
paths, amounts in ``amountMinor``, ``AUTHORISED``/``REFUSED`` states, a
``refusalReason``, reversals listed under a charge, errors as
``{errorCode, errorMessage}``, an ``Idempotency-Token`` header, a
``merchantReference`` to find charges by, and callbacks signed
``X-PayBuddy-Signature: sha256=<hmac>``. All of it is translated here into the
payments' own terms (:mod:`musiccorp.payments.domain.charges`) and errors
(``ProviderUnavailable``, ``ProviderTimedOut``); should we change provider, this
module is what changes.

Calls go through the chassis client (breaker, bulkhead, metrics, correlation
id). PayBuddy is not in our discovery, so its client resolves the name
``paybuddy`` from a static registry holding the configured URL. A charge is
sent once per call — it is a POST without our ``Idempotency-Key`` — and its
whole budget, queueing included, is bounded, so the caller's claim on the
payment always outlives it.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

import orjson

from musiccorp.chassis.http import CallTimeout, RemoteCallError, Response, ServiceClient
from musiccorp.payments.domain.charges import ChargeOutcome, ChargeRequest, ChargeState, ProviderCharge, Settlement
from musiccorp.payments.domain.errors import ProviderTimedOut, ProviderUnavailable, UnverifiedNotification
from musiccorp.payments.domain.money import Money
from musiccorp.payments.service_layer.ports import PaymentProvider

TOKEN_HEADER = "Idempotency-Token"
SIGNATURE_HEADER = "X-PayBuddy-Signature"
SETTLED = "charge.settled"
AUTHORISED, REFUSED = "AUTHORISED", "REFUSED"
_ORDER_PREFIX = "order-"
NOTHING_LEFT_TO_REVERSE = frozenset({"reversal_exceeds_charge", "charge_not_reversible"})
DECLINE_REASONS = {  # PayBuddy's refusal codes, in words a customer may be shown
    "card_declined": "the card was declined",
    "insufficient_funds": "insufficient funds",
    "token_unknown": "the card token is unknown or has expired",
}


def merchant_reference(order_id: str) -> str:
    """How PayBuddy files our charges: by order, so a charge whose answer was lost can be found again."""
    return _ORDER_PREFIX + order_id


def order_of(reference: str) -> str | None:
    """The order a ``merchantReference`` of ours names; ``None`` for one we did not write."""
    return reference.removeprefix(_ORDER_PREFIX) if reference.startswith(_ORDER_PREFIX) else None


def idempotency_token(purpose: str, key: str) -> str:
    """PayBuddy's ``Idempotency-Token`` for one of our keys: stable, opaque, always within its length limit."""
    return hashlib.sha256(f"musiccorp-payments/{purpose}/{key}".encode()).hexdigest()


def signature(body: bytes, *, secret: str) -> str:
    """``sha256=<hex HMAC-SHA256 of the raw body>``, as PayBuddy signs its callbacks."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def read_settlement(body: bytes, headers: Mapping[str, str], *, secrets: Sequence[str]) -> Settlement | None:
    """The settlement a PayBuddy callback announces, once its signature checks out with one of ``secrets``
    (``UnverifiedNotification``): the current webhook secret, or one being rotated out.

    A signed callback of another kind, or one we cannot read, announces nothing we act on: ``None``.
    """
    given = (headers.get(SIGNATURE_HEADER) or "").encode()
    if not any(hmac.compare_digest(given, signature(body, secret=secret).encode()) for secret in secrets):
        raise UnverifiedNotification()
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(document, dict) or document.get("eventKind") != SETTLED:
        return None
    charge_id, filed_under = document.get("chargeId"), document.get("merchantReference")
    if not isinstance(charge_id, str) or not charge_id:
        return None
    return Settlement(reference=charge_id, order_id=order_of(filed_under) if isinstance(filed_under, str) else None)


class PayBuddy(PaymentProvider):
    """PayBuddy's merchant API behind the payments' :class:`PaymentProvider` port."""

    def __init__(self, client: ServiceClient, *, api_key: str, webhook_secrets: Sequence[str], callback_url: str,
                 charge_timeout: float) -> None:
        self._client = client
        self._headers = {"Authorization": f"Bearer {api_key}"}
        self._secrets = tuple(webhook_secrets)
        self._callback_url = callback_url
        self._charge_timeout = charge_timeout

    async def charge(self, request: ChargeRequest) -> ChargeOutcome:
        body = {"amountMinor": request.amount.minor, "currencyCode": request.amount.currency,
                "sourceToken": request.card_token, "merchantReference": merchant_reference(request.order_id),
                "callbackUrl": self._callback_url}
        headers = {**self._headers, TOKEN_HEADER: idempotency_token("charge", request.key)}
        # Waiting for a bulkhead slot counts too: two timeouts bound the whole call, queue and all.
        response = await self._send("POST", "/v2/charges", json=body, headers=headers,
                                    timeout=self._charge_timeout, budget=2 * self._charge_timeout)
        if response.status == 400 and _error_code(response) == "token_unknown":
            return ChargeOutcome.decline(DECLINE_REASONS["token_unknown"])
        document = _document(response)
        state, charge_id = document.get("state"), document.get("chargeId")
        if state == AUTHORISED and charge_id:
            return ChargeOutcome.capture(charge_id)
        if state == REFUSED:
            reason = document.get("refusalReason") or "refused"
            return ChargeOutcome.decline(DECLINE_REASONS.get(reason, reason.replace("_", " ")), reference=charge_id)
        raise ProviderUnavailable(f"PayBuddy answered a charge in state {state!r}")

    async def charges_for(self, order_id: str) -> list[ProviderCharge]:
        response = await self._send("GET", "/v2/charges", params={"merchantReference": merchant_reference(order_id)},
                                    headers=self._headers)
        try:
            return [_charge(item) for item in _document(response)["items"]]
        except (KeyError, TypeError, ValueError) as exc:
            raise ProviderUnavailable(f"PayBuddy listed charges we cannot read: {exc!r}") from None

    async def reverse(self, reference: str) -> None:
        headers = {**self._headers, TOKEN_HEADER: idempotency_token("reversal", reference)}
        response = await self._send("POST", f"/v2/charges/{quote(reference, safe='')}/reversals", headers=headers)
        if response.status == 409 and _error_code(response) in NOTHING_LEFT_TO_REVERSE:
            return  # given back already: the reversal we wanted has happened
        _document(response)

    def read_notification(self, body: bytes, headers: Mapping[str, str]) -> Settlement | None:
        return read_settlement(body, headers, secrets=self._secrets)

    async def _send(self, method: str, path: str, *, headers: Mapping[str, str], json: Any = None,
                    params: Mapping[str, str] | None = None, timeout: float | None = None,  # noqa: ASYNC109 - per attempt
                    budget: float | None = None) -> Response:
        try:
            async with asyncio.timeout(budget):
                return await self._client.request(method, path, json=json, params=params, headers=headers,
                                                  timeout=timeout)
        except (CallTimeout, TimeoutError) as exc:
            raise ProviderTimedOut(f"PayBuddy did not answer {method} {path} in time") from exc
        except RemoteCallError as exc:
            raise ProviderUnavailable(str(exc)) from exc


def _error_code(response: Response) -> str | None:
    try:
        document = response.json()
    except ValueError:
        return None
    return document.get("errorCode") if isinstance(document, dict) else None


def _document(response: Response) -> dict[str, Any]:
    """A 2xx answer's JSON object; anything else is PayBuddy failing us (``ProviderUnavailable``)."""
    if not response.ok:
        try:
            error = response.json()
            detail = f"{error['errorCode']}: {error['errorMessage']}"
        except (ValueError, KeyError, TypeError):
            detail = "no error document"
        raise ProviderUnavailable(f"PayBuddy answered {response.status} ({detail})")
    try:
        document = response.json()
    except ValueError:
        document = None
    if not isinstance(document, dict):
        raise ProviderUnavailable("PayBuddy answered with something other than a JSON object")
    return document


def _charge(item: dict[str, Any]) -> ProviderCharge:
    amount = Money(item["amountMinor"], item["currencyCode"])
    if item["state"] != AUTHORISED:
        return ProviderCharge(item["chargeId"], amount, ChargeState.REFUSED)
    reversed_minor = sum(reversal["amountMinor"] for reversal in item.get("reversals", ()))
    state = ChargeState.REVERSED if reversed_minor >= amount.minor else ChargeState.TAKEN
    return ProviderCharge(item["chargeId"], amount, state)
