"""The idempotency memory: first answers replayed for 24 hours, errors forgotten, then the token is free again."""

from __future__ import annotations

import pytest
from paybuddy.errors import Answer, ApiError
from paybuddy.idempotency import DAY_SECONDS, IdempotencyTokens


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def counting(answer: Answer):
    calls: list[int] = []

    async def work() -> Answer:
        calls.append(1)
        return answer

    return work, calls


async def test_a_token_replays_its_first_answer_for_a_day_then_expires():
    """Within 24 h the work runs once; after that the token starts afresh."""
    clock = Clock()
    tokens = IdempotencyTokens(clock=clock)
    work, calls = counting(Answer(200, {"chargeId": "ch_1"}))
    assert await tokens.run("t", "fp", work) == await tokens.run("t", "fp", work) == Answer(200, {"chargeId": "ch_1"})
    clock.now += DAY_SECONDS - 1
    await tokens.run("t", "fp", work)
    assert len(calls) == 1
    clock.now += 1
    await tokens.run("t", "fp", work)
    assert len(calls) == 2


async def test_another_fingerprint_under_a_known_token_is_a_conflict():
    """409 idempotency_token_reused."""
    tokens = IdempotencyTokens()
    work, _ = counting(Answer(200, {}))
    await tokens.run("t", "fp-1", work)
    with pytest.raises(ApiError) as error:
        await tokens.run("t", "fp-2", work)
    assert (error.value.status, error.value.code) == (409, "idempotency_token_reused")


async def test_an_error_is_answered_but_not_remembered():
    """An ApiError becomes its answer; the next request with the token runs the work again."""
    tokens = IdempotencyTokens()
    attempts: list[int] = []

    async def flaky() -> Answer:
        attempts.append(1)
        if len(attempts) == 1:
            raise ApiError(400, "token_unknown", "no such token")
        return Answer(200, {"ok": True})

    first = await tokens.run("t", "fp", flaky)
    second = await tokens.run("t", "fp", flaky)
    assert (first.status, first.body["errorCode"], second) == (400, "token_unknown", Answer(200, {"ok": True}))


@pytest.mark.parametrize("token", ["", "   ", "x" * 256])
async def test_an_unusable_token_is_refused(token):
    """Blank or longer than 255 characters: 400 request_invalid."""
    work, calls = counting(Answer(200, {}))
    with pytest.raises(ApiError, match="Idempotency-Token must be 1 to 255 characters"):
        await IdempotencyTokens().run(token, "fp", work)
    assert calls == []
