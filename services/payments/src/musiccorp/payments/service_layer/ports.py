"""What the payments use cases need from the outside world.

- a unit of work over the ledger: payments, refunds and the answers given per idempotency key;
- a :class:`PaymentProvider` — PayBuddy, seen only through the anti-corruption layer;
- a :class:`Catalog` that names albums for statements.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Self

from musiccorp.payments.domain.charges import ChargeOutcome, ChargeRequest, ProviderCharge, Settlement
from musiccorp.payments.domain.model import Payment
from musiccorp.payments.domain.refunds import Refund


@dataclass(frozen=True, slots=True)
class Answer:
    """The response a request with an Idempotency-Key was given, kept to give again.

    ``replayed`` is true when it comes from the store rather than from the work just done.
    """

    status_code: int
    body: dict[str, Any]
    resource_id: str | None = None
    replayed: bool = field(default=False, compare=False)


class AbstractPaymentRepository(abc.ABC):
    """The payments of one unit of work; those it hands out or is given and then change are stored on commit."""

    def __init__(self) -> None:
        self._seen: dict[int, tuple[Payment, tuple | None]] = {}

    def add(self, payment: Payment) -> None:
        """Track a new payment; it is stored when the unit of work commits."""
        self._seen[id(payment)] = (payment, None)

    def changed(self) -> list[Payment]:
        """The payments to store: new ones, and those changed since they were read."""
        return [payment for payment, read in self._seen.values() if read is None or _state(payment) != read]

    async def get(self, payment_id: str) -> Payment | None:
        return self._track(await self._get(payment_id))

    async def for_key(self, key: str) -> Payment | None:
        return self._track(await self._for_key(key))

    async def for_reference(self, reference: str) -> Payment | None:
        """The payment whose provider charge is ``reference``."""
        return self._track(await self._for_reference(reference))

    async def for_order(self, order_id: str) -> list[Payment]:
        found = await self._for_order(order_id)
        for payment in found:
            self._track(payment)
        return found

    @abc.abstractmethod
    async def for_customer(self, customer_id: str) -> list[Payment]:
        """A customer's payments, oldest first; read only (not tracked)."""

    @abc.abstractmethod
    async def store(self, payment: Payment) -> None:
        """Insert (version 0) or update the payment, refusing a change made since it was read.

        Raises ``ConcurrentChange``, also when another payment already has the key.
        """

    def _track(self, payment: Payment | None) -> Payment | None:
        if payment is not None:
            self._seen[id(payment)] = (payment, _state(payment))
        return payment

    @abc.abstractmethod
    async def _get(self, payment_id: str) -> Payment | None: ...

    @abc.abstractmethod
    async def _for_key(self, key: str) -> Payment | None: ...

    @abc.abstractmethod
    async def _for_reference(self, reference: str) -> Payment | None: ...

    @abc.abstractmethod
    async def _for_order(self, order_id: str) -> list[Payment]: ...


def _state(payment: Payment) -> tuple:
    """What a change of a payment may alter; equal before and after means nothing to store."""
    return payment.status, payment.provider_reference, payment.decline_reason, payment.attempt, payment.updated_at


class AbstractRefundRepository(abc.ABC):
    @abc.abstractmethod
    async def add(self, refund: Refund) -> None:
        """Record ``refund``; ``ConcurrentChange`` when its charge was recorded as refunded already."""

    @abc.abstractmethod
    async def for_order(self, order_id: str) -> list[Refund]: ...


class AbstractAnswerStore(abc.ABC):
    """Answers kept per Idempotency-Key, next to the work they answer for."""

    @abc.abstractmethod
    async def find(self, key: str) -> tuple[str, Answer] | None:
        """The request fingerprint and the answer stored for ``key``."""

    @abc.abstractmethod
    async def save(self, key: str, fingerprint: str, answer: Answer) -> None:
        """Keep ``answer`` for ``key``; ``ConcurrentChange`` when another request kept one first."""


class AbstractUnitOfWork(abc.ABC):
    """One atomic change: payments, refunds, answers and the events they produced commit together or not at all.

    Used once per ``async with``; leaving the block without ``commit()`` rolls back.
    """

    payments: AbstractPaymentRepository
    refunds: AbstractRefundRepository
    answers: AbstractAnswerStore

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.rollback()

    async def commit(self) -> None:
        """Store every payment changed (each with the events it recorded), then commit; ``ConcurrentChange``."""
        changed = self.payments.changed()
        await self._commit(changed)
        for payment in changed:
            payment.version += 1
            payment.events.clear()

    @abc.abstractmethod
    async def _commit(self, changed: list[Payment]) -> None: ...

    @abc.abstractmethod
    async def rollback(self) -> None: ...


class PaymentProvider(abc.ABC):
    """Takes and gives back money. Every method raises ``ProviderUnavailable`` or ``ProviderTimedOut``
    when the provider gives no usable answer."""

    @abc.abstractmethod
    async def charge(self, request: ChargeRequest) -> ChargeOutcome:
        """Take the money, at most once per ``request.key`` however often asked."""

    @abc.abstractmethod
    async def charges_for(self, order_id: str) -> list[ProviderCharge]:
        """Every charge the provider holds for the order, whatever we recorded of it."""

    @abc.abstractmethod
    async def reverse(self, reference: str) -> None:
        """Give back the charge's money; reversing a reversed charge is a success."""

    @abc.abstractmethod
    def read_notification(self, body: bytes, headers: Mapping[str, str]) -> Settlement | None:
        """The settlement a callback announces (``None``: not one we act on); ``UnverifiedNotification``."""


class Catalog(abc.ABC):
    @abc.abstractmethod
    async def title(self, album_id: str) -> str | None:
        """The album's title, ``None`` when the catalog knows no such album; ``CatalogUnavailable``."""


Present = Callable[[Payment], Answer]
"""Turns a payment just charged (captured or declined) into the answer the caller gets, and a retry gets again."""
