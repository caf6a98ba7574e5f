"""Idempotency keys on a real database: the stored answer replays, another body is refused, a race has one winner."""

from __future__ import annotations

import asyncio

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import create_async_engine

from musiccorp.chassis.idempotency import (
    KeyReused,
    StoredResponse,
    find_response,
    fingerprint,
    idempotency_table,
    replay,
    require_key,
    save_response,
)
from musiccorp.chassis.problems import Problem

metadata = sa.MetaData()
KEYS = idempotency_table(metadata)
WORK = sa.Table("work", metadata, sa.Column("id", sa.String(64), primary_key=True))


@pytest.fixture
async def engine(database_url):
    engine = create_async_engine(database_url)
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    yield engine
    await engine.dispose()


async def _create_once(engine, key: str, body: dict, work_id: str) -> StoredResponse:
    """What a service's create handler does: replay a known key, else work and record in one transaction."""
    request = fingerprint(body)
    async with engine.connect() as connection:
        stored = await find_response(connection, KEYS, key)
        if stored is not None:
            return replay(stored, request)
    try:
        async with engine.begin() as connection:
            await connection.execute(sa.insert(WORK).values(id=work_id))
            created = StoredResponse(key, request, 201, {"id": work_id}, work_id)
            await save_response(connection, KEYS, created)
            return created
    except IntegrityError:
        async with engine.connect() as connection:
            return replay(await find_response(connection, KEYS, key), request)


async def test_the_same_key_and_body_replays_the_first_answer(engine):
    first = await _create_once(engine, "k-1", {"b": 1, "a": [1, 2]}, "w-1")
    again = await _create_once(engine, "k-1", {"a": [1, 2], "b": 1}, "w-2")
    assert again == first and again.body == {"id": "w-1"} and again.status_code == 201
    async with engine.connect() as connection:
        assert (await connection.execute(sa.select(sa.func.count()).select_from(WORK))).scalar_one() == 1


async def test_the_same_key_with_another_body_is_refused(engine):
    await _create_once(engine, "k-2", {"quantity": 1}, "w-1")
    with pytest.raises(KeyReused) as refused:
        await _create_once(engine, "k-2", {"quantity": 2}, "w-2")
    assert refused.value.status == 422 and refused.value.slug == "idempotency-key-reused"


async def test_concurrent_requests_with_one_key_do_the_work_once(engine):
    answers = await asyncio.gather(*(_create_once(engine, "k-3", {"x": 1}, f"w-{n}") for n in range(4)))
    assert len({answer.resource_id for answer in answers}) == 1
    async with engine.connect() as connection:
        assert (await connection.execute(sa.select(sa.func.count()).select_from(WORK))).scalar_one() == 1


async def test_an_unknown_key_finds_nothing(engine):
    async with engine.connect() as connection:
        assert await find_response(connection, KEYS, "never-used") is None


@pytest.mark.parametrize("value", [None, "", "   ", "x" * 256, "clé", "a\tb"])
def test_a_missing_or_unusable_key_is_a_400_problem(value):
    with pytest.raises(Problem) as problem:
        require_key(value)
    assert problem.value.status == 400


def test_a_usable_key_is_returned_trimmed():
    assert require_key(" 6f1c-44 ") == "6f1c-44"


def test_fingerprints_ignore_key_order_and_see_values():
    assert fingerprint({"a": 1, "b": 2}) == fingerprint({"b": 2, "a": 1})
    assert fingerprint({"a": 1}) != fingerprint({"a": 2})
