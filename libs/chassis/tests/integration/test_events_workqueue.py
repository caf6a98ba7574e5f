"""Work queues on a real nats-server, on SQLite and PostgreSQL: competing workers take each job once.

Each test has a queue (so a stream) and a service name of its own, so tests
share the session's server without seeing each other's jobs.
"""

import asyncio
import contextlib
import uuid

import nats
import pytest
import sqlalchemy as sa
from nats.js.api import RetentionPolicy

from musiccorp.chassis.database import Database
from musiccorp.chassis.events import (
    DLQ_STREAM,
    JetStreamPublisher,
    OutboxRelay,
    WorkerPool,
    WorkQueue,
    dead_letter_subject,
    ensure_work_queue,
    record_job,
    replay_dead_letter,
    worker,
)
from musiccorp.chassis.testing import create_event_tables, eventually, outbox_rows

DONE = sa.Table("done", sa.MetaData(),
                sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
                sa.Column("job_id", sa.String(64), nullable=False),
                sa.Column("worker", sa.String(64), nullable=False))


@pytest.fixture
async def engine(database_url):
    """A fresh database with outbox, inbox and the workers' own table of done jobs."""
    database = Database(database_url)
    await create_event_tables(database.engine)
    async with database.engine.begin() as connection:
        await connection.run_sync(DONE.metadata.create_all)
    yield database.engine
    await database.dispose()


@pytest.fixture
def queue() -> WorkQueue:
    return WorkQueue(f"work.ctx{uuid.uuid4().hex[:10]}.jobs", ack_wait=1.0, max_deliver=2)


@pytest.fixture
def service() -> str:
    return f"svc{uuid.uuid4().hex[:10]}"


@pytest.fixture
async def js(nats_url):
    nc = await nats.connect(nats_url)
    yield nc.jetstream()
    await nc.close()


def doing(name: str, *, gate: asyncio.Event | None = None, seen: list[str] | None = None):
    """A handler recording the job as done by worker ``name``; with ``gate``, it waits for it first.

    ``seen`` notes each job when taken and again when its write is made (it may still be rolled back).
    """
    async def handle(envelope, connection) -> None:
        if seen is not None:
            seen.append(envelope.id)
        if gate is not None:
            await gate.wait()
        await connection.execute(DONE.insert().values(job_id=envelope.id, worker=name))
        if seen is not None:
            seen.append(envelope.id)

    return handle


async def failing(_envelope, _connection) -> None:
    raise RuntimeError("the label printer is on fire")


async def record_jobs(engine, queue: WorkQueue, count: int) -> list[str]:
    async with engine.begin() as connection:
        return [(await record_job(connection, queue, key=f"order-{n}", data={"n": n}, source="/musiccorp/test")).id
                for n in range(count)]


async def publish_outbox(engine, js) -> None:
    result = await OutboxRelay(engine, JetStreamPublisher(js)).run_once()
    assert result.failed == 0


async def done(engine) -> list[tuple[str, str]]:
    async with engine.connect() as connection:
        return [tuple(row) for row in await connection.execute(sa.select(DONE.c.job_id, DONE.c.worker))]


@contextlib.asynccontextmanager
async def running(*workers):
    async with contextlib.AsyncExitStack() as stack:
        for started in workers:
            await started.start()
            stack.push_async_callback(started.stop)
        yield


async def test_competing_workers_do_each_job_once_and_share_the_work(engine, js, nats_url, queue, service):
    """30 jobs and a pool of three workers: every job done exactly once, by more than one worker, queue empty."""
    await ensure_work_queue(js, queue)
    jobs = await record_jobs(engine, queue, 30)
    pool = WorkerPool(queue, doing, size=3, nats_url=nats_url, service=service, engine=engine, prefix="w",
                      fetch_timeout=0.3)
    async with running(pool):
        await pool.check()
        await publish_outbox(engine, js)
        await eventually(lambda: _count(engine, 30), within=15, what="30 jobs done")
    finished = await done(engine)
    assert sorted(job for job, _ in finished) == sorted(jobs)
    assert len({name for _, name in finished}) > 1
    assert {name for _, name in finished} <= {"w-1", "w-2", "w-3"}
    stream = await js.stream_info(queue.stream)
    assert stream.config.retention == RetentionPolicy.WORK_QUEUE
    assert stream.state.messages == 0, "an acknowledged job leaves a work queue"


async def _count(engine, expected: int) -> bool:
    return len(await done(engine)) >= expected


async def test_a_job_held_past_ack_wait_goes_to_another_worker_and_is_done_once(engine, js, queue, service):
    """A worker that hangs on a job loses it after ack_wait; another does it; the first, unstuck, changes nothing."""
    gate, seen = asyncio.Event(), []
    stuck = worker(js, queue, doing("stuck", gate=gate, seen=seen), service=service, engine=engine,
                   fetch_timeout=0.3)
    healthy = worker(js, queue, doing("healthy"), service=service, engine=engine, fetch_timeout=0.3)
    [job] = await record_jobs(engine, queue, 1)
    async with running(stuck):
        await publish_outbox(engine, js)
        await eventually(lambda: seen == [job], within=5, what="the stuck worker took the job")
        async with running(healthy):
            await eventually(lambda: _count(engine, 1), within=10, what="the job redelivered and done")
            gate.set()
            await eventually(lambda: seen == [job, job], within=5, what="the stuck worker's late attempt")
            await eventually(lambda: _no_ack_pending(js, queue, service), within=5, what="every delivery settled")
    assert await done(engine) == [(job, "healthy")]


async def _no_ack_pending(js, queue: WorkQueue, service: str) -> bool:
    info = await js.consumer_info(queue.stream, f"{service}__{queue.subject.replace('.', '_')}")
    return info.num_ack_pending == 0 and info.num_pending == 0


async def test_a_job_failing_max_deliver_times_is_dead_lettered_and_can_be_replayed(engine, js, queue, service):
    """After max_deliver failed attempts the job moves to DLQ; replayed once the cause is fixed, it is done."""
    broken = worker(js, queue, failing, service=service, engine=engine, fetch_timeout=0.3)
    [job] = await record_jobs(engine, queue, 1)
    subject = dead_letter_subject(service, queue.subject)
    async with running(broken):
        await publish_outbox(engine, js)
        letter = await _dead_letter(js, subject)
    assert letter.headers["Musiccorp-Attempts"] == str(queue.max_deliver)
    assert "on fire" in letter.headers["Musiccorp-Error"]
    fixed = worker(js, queue, doing("fixed"), service=service, engine=engine, fetch_timeout=0.3)
    async with running(fixed):
        await replay_dead_letter(js, letter.seq)
        await eventually(lambda: _count(engine, 1), within=5, what="the replayed job done")
    assert await done(engine) == [(job, "fixed")]


async def _dead_letter(js, subject: str):
    found = []

    async def arrived() -> bool:
        with contextlib.suppress(nats.js.errors.NotFoundError):
            found.append(await js.get_last_msg(DLQ_STREAM, subject))
        return bool(found)

    await eventually(arrived, within=10, what=f"a dead letter on {subject}")
    return found[0]


async def test_a_relay_that_finds_no_stream_recreates_the_work_queue(engine, js, queue):
    """With no stream for the queue (never ensured, or a server that lost its store), the relay creates the queue's.

    The round that found no stream fails its job and recreates the stream; the next round publishes the job.
    """
    await record_jobs(engine, queue, 1)
    first = await OutboxRelay(engine, JetStreamPublisher(js)).run_once()
    assert (first.published, first.failed) == (0, 1)
    stream = await js.stream_info(queue.stream)
    assert (stream.config.retention, stream.config.subjects) == (RetentionPolicy.WORK_QUEUE, [queue.subject])
    await publish_outbox(engine, js)
    assert all(row.published_at is not None for row in await outbox_rows(engine))
    assert (await js.stream_info(queue.stream)).state.messages == 1
