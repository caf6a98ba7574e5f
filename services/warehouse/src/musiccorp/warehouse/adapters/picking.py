"""Pick jobs on the work queue ``WAREHOUSE_PICKS``, and the picks recorded when they are done (practice 11.7).

A confirmation opens the order's pick list and records one job per line in
the outbox, in the confirmation's own transaction; the relay puts the jobs on
the queue, where competing pickers take them one at a time. A picker records
its pick on the transaction of the job it handles, so the pick, the count on
the pick list, the ``warehouse.order.picked.v1`` event of the last pick and
the inbox row commit together.

The job's subject is ``work.warehouse.picks``, not ``warehouse.picks``: the
warehouse's event stream takes every ``warehouse.>`` subject and JetStream
refuses a second stream overlapping it (see ``musiccorp.chassis.events.WorkQueue``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from musiccorp.chassis.events import WorkQueue, event_schema, record_event, record_job
from musiccorp.warehouse.adapters.integration_events import PICKS_SUBJECT, PickJobV1, integration_event
from musiccorp.warehouse.adapters.tables import pick_lists, picks
from musiccorp.warehouse.domain.commands import PickLine
from musiccorp.warehouse.domain.errors import PickListNotFound
from musiccorp.warehouse.domain.events import OrderPicked, ReservationConfirmed
from musiccorp.warehouse.domain.picking import PickProgress
from musiccorp.warehouse.service_layer.ports import AbstractPickRepository

JOB_SCHEMA: dict[str, Any] = event_schema(PickJobV1)


def pick_queue(*, ack_wait: float, max_deliver: int) -> WorkQueue:
    return WorkQueue(PICKS_SUBJECT, ack_wait=ack_wait, max_deliver=max_deliver)


async def open_pick_list(connection: AsyncConnection, event: ReservationConfirmed, *, queue: WorkQueue,
                         source: str) -> None:
    """The order's pick list and one job per line, in the confirmation's transaction."""
    await connection.execute(pick_lists.insert().values(order_id=event.order_id, lines=len(event.lines), picked=0,
                                                        opened_at=datetime.now(UTC), completed_at=None))
    for line in event.lines:
        job = PickJobV1(order_id=event.order_id, album_id=line.album_id, quantity=line.quantity)
        await record_job(connection, queue, key=event.order_id, data=job.model_dump(), source=source)


class SqlPickRepository(AbstractPickRepository):
    """Picks on the connection (and transaction) of the job being handled."""

    def __init__(self, connection: AsyncConnection, *, source: str) -> None:
        self._connection = connection
        self._source = source

    async def is_picked(self, order_id: str, album_id: str) -> bool:
        query = sa.select(sa.exists().where(picks.c.order_id == order_id, picks.c.album_id == album_id))
        return bool(await self._connection.scalar(query))

    async def add(self, pick: PickLine) -> PickProgress:
        now = datetime.now(UTC)
        # Count first: the update locks the pick list, so picks of one order are counted one after the other
        # and exactly one sees the last line. A duplicate pick then fails on the key and undoes the count.
        counted = (await self._connection.execute(
            pick_lists.update().where(pick_lists.c.order_id == pick.order_id)
            .values(picked=pick_lists.c.picked + 1)
            .returning(pick_lists.c.lines, pick_lists.c.picked))).first()
        if counted is None:
            raise PickListNotFound(pick.order_id)
        await self._connection.execute(picks.insert().values(
            order_id=pick.order_id, album_id=pick.album_id, quantity=pick.quantity, picked_by=pick.picker,
            picked_at=now))
        progress = PickProgress(pick.order_id, lines=counted.lines, picked=counted.picked)
        if progress.complete:
            await self._connection.execute(pick_lists.update().where(pick_lists.c.order_id == pick.order_id)
                                           .values(completed_at=now))
        return progress

    async def announce(self, event: OrderPicked) -> None:
        await record_event(self._connection, integration_event(event), source=self._source)
