"""Settlement callbacks: tell the merchant, signed, once an authorised charge has settled.

The callback is sent from a background task, so the charge's answer never
waits for the merchant's server. It is retried with backoff while the merchant
does not answer 2xx; every attempt carries the same body and signature, so a
merchant that got it twice recognises it by ``chargeId``.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
from collections.abc import Callable

import aiohttp

from paybuddy.ledger import Charge, timestamp

__all__ = ["SIGNATURE_HEADER", "Settlements", "sign"]

SIGNATURE_HEADER = "X-PayBuddy-Signature"
ATTEMPTS = 5
FIRST_RETRY_SECONDS = 0.2
ATTEMPT_TIMEOUT = aiohttp.ClientTimeout(total=5.0)

log = logging.getLogger("paybuddy.settlement")


def sign(body: bytes, *, secret: str) -> str:
    """``sha256=<hex HMAC of body>``: what a merchant recomputes with its webhook secret to trust a callback."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class Settlements:
    """Schedules and delivers callbacks; :meth:`close` cancels those still pending."""

    def __init__(self, *, secret: str, delay_seconds: Callable[[], float], attempts: int = ATTEMPTS,
                 first_retry_seconds: float = FIRST_RETRY_SECONDS) -> None:
        self._secret = secret
        self._delay_seconds = delay_seconds
        self._attempts = attempts
        self._first_retry = first_retry_seconds
        self._session: aiohttp.ClientSession | None = None
        self._pending: set[asyncio.Task[None]] = set()

    def open(self) -> None:
        """Start the HTTP client (on the running loop)."""
        self._session = aiohttp.ClientSession(timeout=ATTEMPT_TIMEOUT)

    async def close(self) -> None:
        for task in list(self._pending):
            task.cancel()
        await asyncio.gather(*self._pending, return_exceptions=True)
        if self._session is not None:
            await self._session.close()

    def schedule(self, charge: Charge, *, callback_url: str) -> None:
        """Settle ``charge`` after the configured delay and call ``callback_url`` about it."""
        task = asyncio.create_task(self._settle(charge, callback_url), name=f"settle {charge.charge_id}")
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _settle(self, charge: Charge, callback_url: str) -> None:
        await asyncio.sleep(self._delay_seconds())
        event = {"eventKind": "charge.settled", "chargeId": charge.charge_id,
                 "merchantReference": charge.merchant_reference, "amountMinor": charge.amount_minor,
                 "currencyCode": charge.currency_code, "settledAt": timestamp()}
        body = json.dumps(event).encode()
        headers = {"Content-Type": "application/json", SIGNATURE_HEADER: sign(body, secret=self._secret)}
        for attempt in range(1, self._attempts + 1):
            if await self._deliver(callback_url, body, headers):
                log.info("callback delivered", extra={"charge_id": charge.charge_id, "attempt": attempt})
                return
            if attempt < self._attempts:
                await asyncio.sleep(self._first_retry * 2 ** (attempt - 1))
        log.warning("callback abandoned", extra={"charge_id": charge.charge_id, "attempts": self._attempts})

    async def _deliver(self, url: str, body: bytes, headers: dict[str, str]) -> bool:
        assert self._session is not None, "Settlements.open() was not called"
        try:
            async with self._session.post(url, data=body, headers=headers) as response:
                return 200 <= response.status < 300
        except (aiohttp.ClientError, TimeoutError, OSError):
            return False
