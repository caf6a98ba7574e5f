"""Taking a payment: at most one charge per Idempotency-Key, whatever crashes, times out or races.

Money moves at the provider, outside our database, so no single transaction
can cover it. Instead::

    1. one transaction: claim the key — record the payment ``pending`` (or find it), with a lease;
    2. ask the provider, with a token derived from the key (its own idempotency);
    3. one transaction: record the outcome, the answer for the key and the event (outbox).

A crash after 1 leaves a pending payment; a retry with the key claims it again
once the lease has run out and asks the provider again — which answers the
same charge, not a new one. A provider error or timeout releases the claim at
once (502/504) so the retry need not wait. The lease outlives the longest
charge call, so a claim never lapses under a request still talking to the
provider.

A twin request, arriving while the claim is held, does not call the provider:
it waits, polling the ledger, and answers as the first request did — or, if
that one died, takes the claim over when its lease runs out and completes the
payment itself. Only after waiting ``patience`` seconds does it give up with
:class:`AttemptInProgress` (409, retry shortly with the same key).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TypeVar

from musiccorp.chassis.clock import Clock
from musiccorp.payments.domain.charges import ChargeOutcome, ChargeRequest
from musiccorp.payments.domain.commands import TakePayment
from musiccorp.payments.domain.errors import (
    AttemptInProgress,
    ConcurrentChange,
    IdempotencyKeyReused,
    PaymentClosed,
    PaymentNotFound,
    ProviderError,
)
from musiccorp.payments.domain.model import Attempt, Payment, Status
from musiccorp.payments.service_layer.ports import AbstractUnitOfWork, Answer, PaymentProvider, Present

T = TypeVar("T")
POLL_SECONDS = 0.05


async def patiently(attempt: Callable[[], Awaitable[T]], *, patience: float) -> T:
    """``attempt()``, tried again every :data:`POLL_SECONDS` while it raises ``AttemptInProgress``,
    for up to ``patience`` seconds (then the ``AttemptInProgress`` is raised)."""
    deadline = time.monotonic() + patience
    while True:
        try:
            return await attempt()
        except AttemptInProgress:
            if time.monotonic() >= deadline:
                raise
        await asyncio.sleep(POLL_SECONDS)


async def replay(key: str, fingerprint: str, uow: AbstractUnitOfWork) -> Answer | None:
    """The answer already given for ``key``; ``IdempotencyKeyReused`` when it was for another body."""
    found = await uow.answers.find(key)
    if found is None:
        return None
    first_fingerprint, answer = found
    if first_fingerprint != fingerprint:
        raise IdempotencyKeyReused(key)
    return answer


async def take_payment(command: TakePayment, *, uow: AbstractUnitOfWork, provider: PaymentProvider,
                       present: Present, clock: Clock, lease: timedelta, patience: float = 0.0) -> Answer:
    """Charge the order once for ``command.key``; the answer (captured or declined) is kept for retries.

    Raises ``ProviderUnavailable``/``ProviderTimedOut`` (retry with the same key), ``AttemptInProgress``
    (after ``patience`` seconds of waiting for a twin), ``IdempotencyKeyReused``, ``PaymentClosed`` or
    ``InvalidPayment``.
    """
    claimed = await patiently(lambda: _claim(command, uow=uow, clock=clock, lease=lease), patience=patience)
    if isinstance(claimed, Answer):
        return claimed
    payment, attempt = claimed
    request = ChargeRequest(key=payment.key, order_id=payment.order_id, amount=payment.amount,
                            card_token=command.card_token)
    try:
        outcome = await provider.charge(request)
    except ProviderError:
        await _release(payment.id, attempt, uow=uow)
        raise
    return await _record(command, payment.id, attempt, outcome, uow=uow, present=present, clock=clock)


async def _claim(command: TakePayment, *, uow: AbstractUnitOfWork, clock: Clock,
                 lease: timedelta) -> Answer | tuple[Payment, Attempt]:
    async with uow:
        answer = await replay(command.key, command.fingerprint, uow)
        if answer is not None:
            return answer
        payment = await uow.payments.for_key(command.key)
        if payment is None:
            payment = Payment.begin(order_id=command.order_id, customer_id=command.customer_id,
                                    amount=command.amount, lines=command.lines, key=command.key,
                                    fingerprint=command.fingerprint, at=clock())
            uow.payments.add(payment)
        elif payment.fingerprint != command.fingerprint:
            raise IdempotencyKeyReused(command.key)
        elif payment.status is not Status.PENDING:
            # Its outcome committed with its answer, perhaps since we looked: read committed shows both now.
            answer = await replay(command.key, command.fingerprint, uow)
            if answer is not None:
                return answer
            raise PaymentClosed(payment.id, payment.status.value)  # refunded or voided before any answer
        attempt = payment.claim(now=clock(), lease=lease)
        try:
            await uow.commit()
        except ConcurrentChange:  # a twin request claimed the key between our read and our write
            raise AttemptInProgress(f"order {command.order_id}") from None
    return payment, attempt


async def _release(payment_id: str, attempt: Attempt, *, uow: AbstractUnitOfWork) -> None:
    async with uow:
        payment = await uow.payments.get(payment_id)
        if payment is not None and payment.holds(attempt):
            payment.release()
            try:
                await uow.commit()
            except ConcurrentChange:
                pass  # another request has taken the payment over: the claim is not ours to release


async def _record(command: TakePayment, payment_id: str, attempt: Attempt, outcome: ChargeOutcome, *,
                  uow: AbstractUnitOfWork, present: Present, clock: Clock) -> Answer:
    async with uow:
        payment = await _existing(payment_id, uow)
        if not payment.holds(attempt):  # our claim lapsed and another request took over
            answer = await replay(command.key, command.fingerprint, uow)
            if answer is not None:
                return answer
            if payment.status is Status.PENDING:
                raise AttemptInProgress(f"order {command.order_id}")
            raise PaymentClosed(payment.id, payment.status.value)
        if outcome.captured:
            payment.capture(outcome.reference, at=clock())
        else:
            payment.decline(outcome.decline_reason, reference=outcome.reference, at=clock())
        answer = present(payment)
        # The outcome, its event (outbox) and the answer for the key commit together: a retry either finds
        # all three or none, and then asks the provider again — which answers the same charge.
        await uow.answers.save(command.key, command.fingerprint, answer)
        await uow.commit()
    return answer


async def _existing(payment_id: str, uow: AbstractUnitOfWork) -> Payment:
    payment = await uow.payments.get(payment_id)
    if payment is None:
        raise PaymentNotFound(payment_id)
    return payment


async def find_payment(payment_id: str, *, uow: AbstractUnitOfWork) -> Payment:
    async with uow:
        return await _existing(payment_id, uow)


async def payments_for_order(order_id: str, *, uow: AbstractUnitOfWork) -> list[Payment]:
    async with uow:
        return await uow.payments.for_order(order_id)
