"""Fakes of the payments' outside world, for tests and for running without PayBuddy or the catalog.

:class:`FakePaymentProvider` keeps PayBuddy's promises without its model: at
most one charge per key, charges found again by order, reversals that happen
once, and a script of fates for the next charges::

    provider.script.extend(["timeout", "ok"])  # take the money but lose the answer; then answer

``"error"``: nothing is taken and the provider fails; ``"timeout"``: the money
is taken, then the answer is lost; ``"decline"``: refused. Tokens in
``declined_tokens`` are always refused, every token when ``refuse_all``.
``gate``, when set, holds every charge until it opens. Settlement callbacks are
read as PayBuddy signs them.
"""

from __future__ import annotations

import asyncio
import itertools
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field

from musiccorp.payments.adapters.paybuddy import read_settlement
from musiccorp.payments.config import SANDBOX_WEBHOOK_SECRET
from musiccorp.payments.domain.charges import ChargeOutcome, ChargeRequest, ChargeState, ProviderCharge, Settlement
from musiccorp.payments.domain.errors import CatalogUnavailable, ProviderTimedOut, ProviderUnavailable
from musiccorp.payments.domain.money import Money
from musiccorp.payments.service_layer.ports import Catalog, PaymentProvider

DECLINED_TOKEN = "tok_declined"


@dataclass
class _Charge:
    reference: str
    order_id: str
    amount: Money
    outcome: ChargeOutcome
    state: ChargeState


@dataclass
class FakePaymentProvider(PaymentProvider):
    script: deque[str] = field(default_factory=deque)
    declined_tokens: set[str] = field(default_factory=lambda: {DECLINED_TOKEN})
    refuse_all: bool = False
    unavailable: bool = False
    gate: asyncio.Event | None = None
    webhook_secret: str = SANDBOX_WEBHOOK_SECRET
    charge_calls: int = 0
    charges: dict[str, _Charge] = field(default_factory=dict)
    reversals: list[str] = field(default_factory=list)
    _by_key: dict[str, str] = field(default_factory=dict)
    _numbers: itertools.count = field(default_factory=lambda: itertools.count(1))

    async def charge(self, request: ChargeRequest) -> ChargeOutcome:
        self.charge_calls += 1
        if self.gate is not None:
            await self.gate.wait()
        fate = self.script.popleft() if self.script else "ok"
        if fate == "error" or self.unavailable:
            raise ProviderUnavailable("fake provider: 503 service_unavailable")
        reference = self._by_key.get(request.key)
        if reference is None:
            reference = self._by_key[request.key] = self._take(request, declined=fate == "decline")
        if fate == "timeout":
            raise ProviderTimedOut("fake provider: the answer was lost")
        return self.charges[reference].outcome

    def _take(self, request: ChargeRequest, *, declined: bool) -> str:
        reference = f"ch_fake_{next(self._numbers)}"
        if declined or self.refuse_all or request.card_token in self.declined_tokens:
            outcome, state = ChargeOutcome.decline("the card was declined", reference=reference), ChargeState.REFUSED
        else:
            outcome, state = ChargeOutcome.capture(reference), ChargeState.TAKEN
        self.charges[reference] = _Charge(reference, request.order_id, request.amount, outcome, state)
        return reference

    async def charges_for(self, order_id: str) -> list[ProviderCharge]:
        if self.unavailable:
            raise ProviderUnavailable("fake provider: 503 service_unavailable")
        return [ProviderCharge(charge.reference, charge.amount, charge.state)
                for charge in self.charges.values() if charge.order_id == order_id]

    async def reverse(self, reference: str) -> None:
        if self.unavailable:
            raise ProviderUnavailable("fake provider: 503 service_unavailable")
        charge = self.charges[reference]
        if charge.state is ChargeState.TAKEN:
            charge.state = ChargeState.REVERSED
            self.reversals.append(reference)

    def forget(self) -> None:
        """A calm provider with empty books, as PayBuddy's sandbox after ``DELETE /admin/charges``."""
        self.script.clear()
        self.refuse_all = self.unavailable = False
        self.charge_calls = 0
        self.charges.clear()
        self.reversals.clear()
        self._by_key.clear()

    def read_notification(self, body: bytes, headers: Mapping[str, str]) -> Settlement | None:
        return read_settlement(body, headers, secret=self.webhook_secret)

    @property
    def taken(self) -> list[str]:
        """References of the charges that took money (and still hold it)."""
        return [charge.reference for charge in self.charges.values() if charge.state is ChargeState.TAKEN]


@dataclass
class InMemoryCatalog(Catalog):
    """Titles by album id; ``down`` makes every lookup fail as an unreachable catalog would."""

    titles: dict[str, str] = field(default_factory=dict)
    down: bool = False
    lookups: list[str] = field(default_factory=list)

    async def title(self, album_id: str) -> str | None:
        self.lookups.append(album_id)
        if self.down:
            raise CatalogUnavailable("fake catalog: down")
        return self.titles.get(album_id)
