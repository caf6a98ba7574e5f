"""What shipping does when events arrive: the subscriptions its runtime consumes."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from musiccorp.chassis.events import Envelope, Subscription
from musiccorp.chassis.logs import get_logger
from musiccorp.shipping.bootstrap import Shipping
from musiccorp.shipping.domain.commands import DispatchShipment
from musiccorp.shipping.service_layer import handlers
from musiccorp.shipping.service_layer.handlers import Dispatch

log = get_logger(__name__)


def subscriptions(shipping: Shipping) -> list[Subscription]:
    order_picked = shipping.consumes.order_picked

    async def on_order_picked(envelope: Envelope, connection: AsyncConnection) -> None:
        """Dispatch the picked order's shipment in the transaction that also records the event as handled.

        A pick for an order with no shipment, or a cancelled one, changes nothing:
        the event is still recorded as handled (retrying cannot make it right)
        and the log says why.
        """
        event = order_picked.read(envelope)
        outcome = await handlers.dispatch_shipment(DispatchShipment(event.order_id), uow=shipping.uow_on(connection),
                                                   clock=shipping.clock)
        if outcome in (Dispatch.UNKNOWN, Dispatch.CANCELLED):
            log.warning("picked order not dispatched; event ignored", order_id=event.order_id,
                        event_id=envelope.id, reason=outcome.value)

    return [Subscription(order_picked.type, on_order_picked)]
