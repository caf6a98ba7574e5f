"""Refunding an order: the checkout saga's compensation for "take payment".

It must be safe to call whatever happened to the charge — taken, declined,
timed out with its answer lost, or never sent — and safe to call again. So it
asks the *provider* which charges it holds for the order, not only our ledger:
a charge whose answer was lost is still found and reversed. Every charge the
provider holds as taken is reversed; every charge reversed but not yet in our
ledger (a previous call that failed halfway) is recorded; every payment still
pending is voided, so a late retry of the charge can never take the money
after the order was given up. "Nothing was charged" is a success too.
"""

from __future__ import annotations

from collections.abc import Callable

from musiccorp.chassis.clock import Clock
from musiccorp.payments.domain.charges import ChargeState, ProviderCharge
from musiccorp.payments.domain.commands import RefundOrder
from musiccorp.payments.domain.errors import AttemptInProgress
from musiccorp.payments.domain.model import Payment, Status, new_id
from musiccorp.payments.domain.refunds import Refund, RefundSummary
from musiccorp.payments.service_layer.handlers import patiently, replay
from musiccorp.payments.service_layer.ports import AbstractUnitOfWork, Answer, PaymentProvider

PresentRefund = Callable[[RefundSummary], Answer]

_REFUNDABLE = frozenset({Status.PENDING, Status.CAPTURED, Status.SETTLED})


async def refund_order(command: RefundOrder, *, uow: AbstractUnitOfWork, provider: PaymentProvider,
                       present: PresentRefund, clock: Clock, patience: float = 0.0) -> Answer:
    """Give back everything taken for the order; the answer is kept for ``command.key``.

    A charge for the order being taken right now must end first (its outcome decides what to give back):
    the refund waits up to ``patience`` seconds for it, then raises ``AttemptInProgress`` (retry shortly).
    Also raises ``ProviderUnavailable``/``ProviderTimedOut`` or ``IdempotencyKeyReused``.
    """
    answer = await patiently(lambda: _answered_or_clear(command, uow=uow, clock=clock), patience=patience)
    if answer is not None:
        return answer
    charges = await provider.charges_for(command.order_id)
    for charge in charges:
        if charge.state is ChargeState.TAKEN:
            await provider.reverse(charge.reference)
    return await _record(command, charges, uow=uow, present=present, clock=clock)


async def _answered_or_clear(command: RefundOrder, *, uow: AbstractUnitOfWork, clock: Clock) -> Answer | None:
    """The answer kept for the key, else ``None`` once no charge for the order is in flight."""
    async with uow:
        answer = await replay(command.key, command.fingerprint, uow)
        if answer is None and any(payment.attempt_in_progress(clock())
                                  for payment in await uow.payments.for_order(command.order_id)):
            raise AttemptInProgress(f"order {command.order_id}")
    return answer


async def _record(command: RefundOrder, charges: list[ProviderCharge], *, uow: AbstractUnitOfWork,
                  present: PresentRefund, clock: Clock) -> Answer:
    async with uow:
        now = clock()
        payments = await uow.payments.for_order(command.order_id)
        if any(payment.attempt_in_progress(now) for payment in payments):  # a late charge began meanwhile:
            raise AttemptInProgress(f"order {command.order_id}")  # the next call reverses what it takes
        recorded = {refund.reference for refund in await uow.refunds.for_order(command.order_id)}
        for charge in charges:
            if charge.state is ChargeState.REFUSED or charge.reference in recorded:
                continue
            payment = _payment_of(charge, payments)
            await uow.refunds.add(Refund(id=new_id(), order_id=command.order_id, reference=charge.reference,
                                         amount=charge.amount, reason=command.reason,
                                         payment_id=payment.id if payment else None, created_at=now))
            if payment is not None:
                payment.refund(charge.reference, charge.amount, at=now)
        for payment in payments:
            if payment.status is Status.PENDING:
                payment.void(at=now)
        answer = present(RefundSummary(command.order_id, tuple(await uow.refunds.for_order(command.order_id))))
        await uow.answers.save(command.key, command.fingerprint, answer)
        await uow.commit()
    return answer


def _payment_of(charge: ProviderCharge, payments: list[Payment]) -> Payment | None:
    """Our payment for a provider charge: by its reference, else a pending one whose answer was lost."""
    refundable = [payment for payment in payments if payment.status in _REFUNDABLE]
    by_reference = [payment for payment in refundable if payment.provider_reference == charge.reference]
    unanswered = [payment for payment in refundable
                  if payment.status is Status.PENDING and payment.provider_reference is None]
    same_amount = [payment for payment in unanswered if payment.amount == charge.amount]
    return next(iter(by_reference + same_amount + unanswered), None)
