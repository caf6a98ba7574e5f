"""The merchant API: charge a token, look charges up, reverse them. Server to server, with an API key.

A refused card is not an error: the charge is recorded and answered 200 with
``state: REFUSED``. Chaos applies here: ``latencyMs`` delays every answer, and
each charge request draws its fate (ok, decline, error, timeout) once it is
known to be well-formed.
"""

from __future__ import annotations

import asyncio
import hmac
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from yarl import URL

from paybuddy.chaos import Outcome
from paybuddy.errors import Answer, ApiError, read_json
from paybuddy.idempotency import HEADER, fingerprint
from paybuddy.ledger import AUTHORISED
from paybuddy.sandbox import SANDBOX, Sandbox

__all__ = ["ChargeRequest", "add_routes"]

CURRENCIES = frozenset({"GBP", "EUR", "USD"})
MAX_AMOUNT_MINOR = 100_000_000
MAX_REFERENCE_LENGTH = 128


def add_routes(router: web.UrlDispatcher) -> None:
    router.add_post("/v2/charges", create_charge)
    router.add_get("/v2/charges", list_charges)
    router.add_get("/v2/charges/{chargeId}", read_charge)
    router.add_post("/v2/charges/{chargeId}/reversals", create_reversal)


@dataclass(frozen=True, slots=True)
class ChargeRequest:
    """A well-formed ``POST /v2/charges`` body."""

    amount_minor: int
    currency_code: str
    source_token: str
    merchant_reference: str
    callback_url: str | None

    @classmethod
    def parse(cls, body: dict[str, Any]) -> ChargeRequest:
        """The request, or 400 ``request_invalid`` naming the first field that is wrong."""
        amount = _amount(body.get("amountMinor"), required=True)
        currency = body.get("currencyCode")
        if currency not in CURRENCIES:
            raise _invalid(f"currencyCode must be one of {', '.join(sorted(CURRENCIES))}.")
        token = body.get("sourceToken")
        if not isinstance(token, str) or not token:
            raise _invalid("sourceToken must be the token from POST /v2/tokens.")
        reference = body.get("merchantReference")
        if not isinstance(reference, str) or not 0 < len(reference) <= MAX_REFERENCE_LENGTH:
            raise _invalid(f"merchantReference must be 1 to {MAX_REFERENCE_LENGTH} characters.")
        callback = body.get("callbackUrl")
        if callback is not None and not _is_web_url(callback):
            raise _invalid("callbackUrl must be an absolute http(s) URL.")
        return cls(amount, currency, token, reference, callback)


async def create_charge(request: web.Request) -> web.Response:
    """Charge a card token: 200 ``AUTHORISED`` or ``REFUSED``; the same ``Idempotency-Token`` charges once."""
    sandbox = await _merchant(request)
    body = await read_json(request)
    order = ChargeRequest.parse(body)
    outcome = sandbox.chaos.draw()
    if outcome is Outcome.ERROR:
        raise ApiError(503, "service_unavailable", "PayBuddy is temporarily unavailable; nothing was charged.")

    async def charge() -> Answer:
        made = sandbox.ledger.record_charge(
            token=order.source_token, amount_minor=order.amount_minor, currency_code=order.currency_code,
            merchant_reference=order.merchant_reference,
            refusal="card_declined" if outcome is Outcome.DECLINE else None)
        if made.state == AUTHORISED and order.callback_url:
            sandbox.settlements.schedule(made, callback_url=order.callback_url)
        return Answer(200, made.as_json(with_reversals=False))

    answer = await sandbox.idempotency.run(request.headers.get(HEADER), _fingerprint(request, body), charge)
    if outcome is Outcome.TIMEOUT:
        # The nasty case: the money is taken, but the merchant gives up waiting for the answer.
        await asyncio.sleep(sandbox.chaos.settings.timeout_hold_ms / 1000)
    return answer.response()


async def list_charges(request: web.Request) -> web.Response:
    """Charges under ``?merchantReference=`` (all without it): how a merchant finds a charge it lost track of."""
    sandbox = await _merchant(request)
    found = sandbox.ledger.charges(merchant_reference=request.query.get("merchantReference"))
    return web.json_response({"items": [charge.as_json() for charge in found], "count": len(found)})


async def read_charge(request: web.Request) -> web.Response:
    """One charge with its reversals; 404 ``charge_not_found``."""
    sandbox = await _merchant(request)
    return web.json_response(sandbox.ledger.charge(request.match_info["chargeId"]).as_json())


async def create_reversal(request: web.Request) -> web.Response:
    """Give back ``amountMinor`` (default: all that is left); 409 when that is more than is left."""
    sandbox = await _merchant(request)
    body = await read_json(request, optional=True)
    amount = _amount(body.get("amountMinor"), required=False)
    charge_id = request.match_info["chargeId"]

    async def reverse() -> Answer:
        return Answer(200, sandbox.ledger.reverse(charge_id, amount_minor=amount).as_json())

    answer = await sandbox.idempotency.run(request.headers.get(HEADER), _fingerprint(request, body), reverse)
    return answer.response()


async def _merchant(request: web.Request) -> Sandbox:
    """The sandbox, once the caller showed an accepted API key (after the chaos latency, as for every answer)."""
    sandbox = request.app[SANDBOX]
    if latency := sandbox.chaos.settings.latency_ms:
        await asyncio.sleep(latency / 1000)
    scheme, _, key = request.headers.get("Authorization", "").partition(" ")
    accepted = any(hmac.compare_digest(key.encode(), known.encode()) for known in sandbox.config.api_keys)
    if scheme.lower() != "bearer" or not accepted:
        raise ApiError(401, "unauthorised", "Send an accepted API key as 'Authorization: Bearer <key>'.")
    return sandbox


def _fingerprint(request: web.Request, body: dict[str, Any]) -> str:
    return fingerprint(method=request.method, path=request.path, body=body)


def _amount(value: Any, *, required: bool) -> int | None:
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_AMOUNT_MINOR:
        raise _invalid(f"amountMinor must be a whole number of minor units from 1 to {MAX_AMOUNT_MINOR}.")
    return value


def _is_web_url(value: Any) -> bool:
    try:
        url = URL(value) if isinstance(value, str) else None
    except ValueError:
        return False
    return url is not None and url.scheme in {"http", "https"} and bool(url.host)


def _invalid(message: str) -> ApiError:
    return ApiError(400, "request_invalid", message)
