"""The provider tells us a charge settled: mark the payment so, once, however often we are told.

Callbacks arrive at least once and in any order, so the handler is idempotent
by state: only a captured payment becomes settled (and announces it); a
settled or refunded one stays as it is. A callback for a charge we do not hold
is not ours to act on — unless the order it was taken for still has a payment
whose outcome we are waiting for (its answer was lost): then it is too early,
and the provider is asked to call again, rather than the settlement be lost.
"""

from __future__ import annotations

from collections.abc import Mapping

from musiccorp.chassis.clock import Clock
from musiccorp.payments.domain.errors import SettlementTooEarly
from musiccorp.payments.domain.model import Payment, Status
from musiccorp.payments.service_layer.ports import AbstractUnitOfWork, PaymentProvider


async def settle(body: bytes, headers: Mapping[str, str], *, uow: AbstractUnitOfWork, provider: PaymentProvider,
                 clock: Clock) -> Payment | None:
    """The payment the callback is about, settled; ``None`` when it names no payment of ours.

    Raises ``UnverifiedNotification`` when the callback is not signed by the provider, ``SettlementTooEarly``
    when its charge may be the one of a payment whose outcome is not recorded yet.
    """
    settlement = provider.read_notification(body, headers)
    if settlement is None:
        return None
    async with uow:
        payment = await uow.payments.for_reference(settlement.reference)
        if payment is None and settlement.order_id is not None:
            # Read after the first look, the order's payments show a capture that committed in between.
            of_order = await uow.payments.for_order(settlement.order_id)
            payment = next((p for p in of_order if p.provider_reference == settlement.reference), None)
            if payment is None and any(p.status is Status.PENDING for p in of_order):
                raise SettlementTooEarly(settlement.reference)
        if payment is not None and payment.status is Status.CAPTURED:
            payment.settle(at=clock())
            await uow.commit()
    return payment
