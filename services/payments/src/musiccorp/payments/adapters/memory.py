"""In-memory payments and fakes of their outside world: for unit tests, and for running without PayBuddy or the catalog.

:class:`InMemoryUnitOfWork` keeps the promises of the SQL ledger: a payment
handed out is a copy, so an uncommitted change is lost; a commit is all or
nothing; a key has one payment, a charge one refund, a key one answer; a
change made since a payment was read is refused (``ConcurrentChange``).

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
import copy
import itertools
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field

from musiccorp.payments.adapters.paybuddy import read_settlement
from musiccorp.payments.config import SANDBOX_WEBHOOK_SECRET
from musiccorp.payments.domain.charges import ChargeOutcome, ChargeRequest, ChargeState, ProviderCharge, Settlement
from musiccorp.payments.domain.errors import (
    CatalogUnavailable,
    ConcurrentChange,
    ProviderTimedOut,
    ProviderUnavailable,
)
from musiccorp.payments.domain.events import DomainEvent
from musiccorp.payments.domain.model import Payment
from musiccorp.payments.domain.money import Money
from musiccorp.payments.domain.refunds import Refund
from musiccorp.payments.service_layer.ports import (
    AbstractAnswerStore,
    AbstractPaymentRepository,
    AbstractRefundRepository,
    AbstractUnitOfWork,
    Answer,
    Catalog,
    PaymentProvider,
)

DECLINED_TOKEN = "tok_declined"


class InMemoryPaymentRepository(AbstractPaymentRepository):
    def __init__(self, stored: dict[str, Payment]) -> None:
        super().__init__()
        self.stored = stored

    def _found(self, matches) -> list[Payment]:
        """Copies of the stored payments ``matches`` accepts, oldest first (as the ledger orders them)."""
        chosen = [payment for payment in self.stored.values() if matches(payment)]
        return [copy.deepcopy(payment) for payment in sorted(chosen, key=lambda p: (p.created_at, p.id))]

    async def _get(self, payment_id: str) -> Payment | None:
        return next(iter(self._found(lambda payment: payment.id == payment_id)), None)

    async def _for_key(self, key: str) -> Payment | None:
        return next(iter(self._found(lambda payment: payment.key == key)), None)

    async def _for_reference(self, reference: str) -> Payment | None:
        return next(iter(self._found(lambda payment: payment.provider_reference == reference)), None)

    async def _for_order(self, order_id: str) -> list[Payment]:
        return self._found(lambda payment: payment.order_id == order_id)

    async def for_customer(self, customer_id: str) -> list[Payment]:
        return self._found(lambda payment: payment.customer_id == customer_id)

    async def store(self, payment: Payment) -> None:
        current = self.stored.get(payment.id)
        if payment.version == 0 and any(stored.key == payment.key for stored in self.stored.values()):
            raise ConcurrentChange(f"the payment for key {payment.key!r}")
        if payment.version != 0 and (current is None or current.version != payment.version):
            raise ConcurrentChange(f"payment {payment.id}")
        snapshot = copy.deepcopy(payment)
        snapshot.version += 1
        snapshot.events.clear()
        self.stored[payment.id] = snapshot


class InMemoryRefundRepository(AbstractRefundRepository):
    def __init__(self, refunds: list[Refund]) -> None:
        self.refunds = refunds
        self.added: list[Refund] = []

    async def add(self, refund: Refund) -> None:
        if any(recorded.reference == refund.reference for recorded in self.refunds):
            raise ConcurrentChange(f"the refund of charge {refund.reference}")
        self.refunds.append(refund)
        self.added.append(refund)

    async def for_order(self, order_id: str) -> list[Refund]:
        return sorted((refund for refund in self.refunds if refund.order_id == order_id),
                      key=lambda refund: (refund.created_at, refund.id))


class InMemoryAnswerStore(AbstractAnswerStore):
    def __init__(self, answers: dict[str, tuple[str, Answer]]) -> None:
        self.answers = answers
        self.added: dict[str, tuple[str, Answer]] = {}

    async def find(self, key: str) -> tuple[str, Answer] | None:
        found = self.answers.get(key)
        if found is None:
            return None
        fingerprint, answer = found
        return fingerprint, Answer(answer.status_code, answer.body, answer.resource_id, replayed=True)

    async def save(self, key: str, fingerprint: str, answer: Answer) -> None:
        if key in self.answers:
            raise ConcurrentChange(f"the answer for key {key!r}")
        self.answers[key] = self.added[key] = (fingerprint, copy.deepcopy(answer))


class InMemoryUnitOfWork(AbstractUnitOfWork):
    """Re-usable: every ``async with`` is a new unit over the same ledger (payments, refunds, answers).

    Refunds and answers are written at once, as the SQL ones are, but only into
    the unit's own copies, which its commit keeps and a rollback drops.
    ``published`` lists the domain events of every commit, in order.
    """

    def __init__(self) -> None:
        self.stored: dict[str, Payment] = {}
        self.refunded: list[Refund] = []
        self.answered: dict[str, tuple[str, Answer]] = {}
        self.published: list[DomainEvent] = []
        self.commits = 0

    async def __aenter__(self) -> InMemoryUnitOfWork:
        self.payments = InMemoryPaymentRepository(self.stored)
        self.refunds = InMemoryRefundRepository(list(self.refunded))
        self.answers = InMemoryAnswerStore(dict(self.answered))
        return self

    async def _commit(self, changed: list[Payment]) -> None:
        staged = InMemoryPaymentRepository(dict(self.stored))
        for payment in changed:
            await staged.store(payment)
        refunded = InMemoryRefundRepository(list(self.refunded))  # what a unit committed meanwhile refuses ours
        for refund in self.refunds.added:
            await refunded.add(refund)
        answered = InMemoryAnswerStore(dict(self.answered))
        for key, (fingerprint, answer) in self.answers.added.items():
            await answered.save(key, fingerprint, answer)
        self.stored, self.refunded, self.answered = staged.stored, refunded.refunds, answered.answers
        self.published.extend(event for payment in changed for event in payment.events)
        self.commits += 1

    async def rollback(self) -> None:
        pass


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
        return read_settlement(body, headers, secrets=(self.webhook_secret,))

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
