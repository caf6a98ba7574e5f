from __future__ import annotations

import contextlib

import nats
import pytest
import sqlalchemy as sa
from nats.js.errors import NotFoundError

from musiccorp.chassis.events import ensure_stream, stream_config
from musiccorp.warehouse.adapters.picking import pick_queue
from musiccorp.warehouse.adapters.tables import stock
from musiccorp.warehouse.adapters.unit_of_work import SqlUnitOfWork

SOURCE = "/musiccorp/warehouse"


@pytest.fixture
def uow(database, notified):
    """Units of work on the chassis' test ``database`` (the warehouse schema); relay wake-ups go to ``notified``."""
    picks = pick_queue(ack_wait=30.0, max_deliver=5)
    return lambda: SqlUnitOfWork(database.engine, source=SOURCE, picks=picks,
                                 notify=lambda: notified.append("outbox"))


@pytest.fixture
def stock_of(database):
    """``await stock_of(album_id)`` -> (on_hand, reserved) as stored."""
    async def read(album_id: str) -> tuple[int, int]:
        async with database.engine.connect() as connection:
            row = (await connection.execute(sa.select(stock.c.on_hand, stock.c.reserved)
                                            .where(stock.c.album_id == album_id))).one()
        return row.on_hand, row.reserved

    return read


@pytest.fixture
async def broker(nats_url):
    """JetStream on the session's nats-server, with no pick queue (nor its consumer) left by an earlier test."""
    nc = await nats.connect(nats_url)
    js = nc.jetstream()
    with contextlib.suppress(NotFoundError):
        await js.delete_stream(pick_queue(ack_wait=1.0, max_deliver=1).stream)
    await ensure_stream(js, stream_config("warehouse.order.picked.v1"))
    yield js
    await nc.close()
