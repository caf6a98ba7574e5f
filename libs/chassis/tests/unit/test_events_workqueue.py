"""Work queues without a broker: the naming rule, the stream's configuration, and jobs written to the outbox."""

import pytest
from nats.js.api import RetentionPolicy

from musiccorp.chassis.database import Database
from musiccorp.chassis.events import WorkerPool, WorkQueue, record_job, work_queue_stream_config
from musiccorp.chassis.events._streams import stream_config_for
from musiccorp.chassis.testing import create_event_tables, outbox_rows


def test_the_stream_is_named_after_the_subject_without_its_prefix():
    """work.warehouse.picks is taken by stream WAREHOUSE_PICKS."""
    assert WorkQueue("work.warehouse.picks").stream == "WAREHOUSE_PICKS"
    assert WorkQueue("work.shipping.label_prints").stream == "SHIPPING_LABEL_PRINTS"


@pytest.mark.parametrize("subject", [
    "warehouse.picks", "work.picks", "work.Warehouse.picks", "work.warehouse.*", "work.warehouse.>",
    "work.warehouse picks", "work..picks",
], ids=["no-prefix", "no-context", "upper-case", "wildcard", "full-wildcard", "blank", "empty-token"])
def test_a_subject_outside_the_rule_is_refused(subject):
    """Only work.<context>.<queue> in lower case names a queue; anything else would miss its stream."""
    with pytest.raises(ValueError, match="work-queue subject"):
        WorkQueue(subject)


@pytest.mark.parametrize("options", [{"ack_wait": 0}, {"ack_wait": -1.0}, {"max_deliver": 0}])
def test_delivery_limits_must_be_positive(options):
    """A queue that never redelivers, or never tries, is refused when declared."""
    with pytest.raises(ValueError):
        WorkQueue("work.warehouse.picks", **options)


def test_the_stream_keeps_a_job_until_one_worker_acknowledges_it():
    """The stream has work-queue retention and takes only the queue's subject."""
    config = work_queue_stream_config("work.warehouse.picks")
    assert (config.name, config.subjects, config.retention) == (
        "WAREHOUSE_PICKS", ["work.warehouse.picks"], RetentionPolicy.WORK_QUEUE)


def test_a_publisher_that_lost_the_stream_recreates_it_as_a_work_queue():
    """The stream for a work subject is the queue's, not an event stream named WORK on work.>."""
    assert stream_config_for("work.warehouse.picks") == work_queue_stream_config("work.warehouse.picks")
    assert stream_config_for("warehouse.order.picked.v1").retention == RetentionPolicy.LIMITS


async def test_a_job_is_an_outbox_row_on_the_queue_subject(tmp_path):
    """record_job writes one outbox row: type is the queue's subject, subject the key, data the job."""
    database = Database(f"sqlite+aiosqlite:///{tmp_path}/jobs.db")
    try:
        await create_event_tables(database.engine)
        async with database.engine.begin() as connection:
            job = await record_job(connection, WorkQueue("work.warehouse.picks"), key="order-7",
                                   data={"order_id": "order-7", "album_id": "a1"}, source="/musiccorp/warehouse")
        [row] = await outbox_rows(database.engine)
    finally:
        await database.dispose()
    assert (row.id, row.type, row.subject, row.published_at) == (job.id, "work.warehouse.picks", "order-7", None)
    assert row.envelope.data == {"order_id": "order-7", "album_id": "a1"}
    assert row.envelope.source == "/musiccorp/warehouse"


def test_a_pool_needs_a_worker():
    """A pool of no workers is refused rather than silently doing nothing."""
    with pytest.raises(ValueError, match="at least one worker"):
        WorkerPool(WorkQueue("work.warehouse.picks"), lambda name: None, size=0, nats_url="nats://unused",
                   service="warehouse", engine=None)
