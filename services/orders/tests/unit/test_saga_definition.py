"""The checkout saga as pure rules: which action follows which outcome (ADR 0006), no I/O."""

from collections import deque

import pytest

from musiccorp.orders.domain.model import Status
from musiccorp.orders.domain.saga import (
    ACTIONS,
    CHECKOUT,
    Done,
    Move,
    Phase,
    Refused,
    RetryPolicy,
    Saga,
    Unavailable,
)

STEPS = [step.name for step in CHECKOUT]
POLICY = RetryPolicy(step_attempts=3, first_delay=1.0, max_delay=5.0)


def play(script: dict[str, list]) -> tuple[list[str], list[Move], Saga]:
    """Run a saga to its end; each action answers from its script, then Done. Returns actions, moves, saga."""
    answers = {action: deque(outcomes) for action, outcomes in script.items()}
    saga, actions, moves = Saga("o-1"), [], []
    while not saga.done:
        actions.append(saga.action)
        queue = answers.get(saga.action)
        moves.append(saga.record(queue.popleft() if queue else Done(), POLICY))
        assert len(actions) < 100, "the saga did not end"
    return actions, moves, saga


def test_the_table_is_the_adrs():
    """Four steps in the ADR's order, the state each reaches, and their compensations."""
    assert [(s.name, s.reaches, s.compensation) for s in CHECKOUT] == [
        ("reserve_stock", Status.STOCK_RESERVED, "release_stock"),
        ("take_payment", Status.PAID, "refund_payment"),
        ("create_shipment", Status.SHIPPED, "cancel_shipment"),
        ("confirm_stock", Status.COMPLETED, None),
    ]
    assert set(ACTIONS) == {*STEPS, "release_stock", "refund_payment", "cancel_shipment"}


def test_when_every_step_succeeds_the_order_advances_to_completed():
    """Each step once, in order; each advances the order one state; the saga ends without cancelling."""
    actions, moves, saga = play({})
    assert actions == STEPS
    assert [move.advance_to for move in moves] == [s.reaches for s in CHECKOUT]
    assert saga.phase is Phase.DONE and all(move.cancel_because is None for move in moves)


@pytest.mark.parametrize("failing", range(len(CHECKOUT)), ids=STEPS)
def test_a_refused_step_undoes_every_attempted_step_in_reverse(failing):
    """A refusal at step k compensates steps k..1 (k too: it may have acted), then cancels with the reason."""
    actions, moves, _ = play({STEPS[failing]: [Refused("Your card was declined")]})
    undone = [s.compensation for s in reversed(CHECKOUT[:failing + 1]) if s.compensation]
    assert actions == STEPS[:failing + 1] + undone
    assert [m.advance_to for m in moves[:failing]] == [s.reaches for s in CHECKOUT[:failing]]
    assert moves[-1] == Move(cancel_because="Your card was declined")


def test_an_unavailable_step_is_retried_with_growing_waits_then_goes_on():
    """Two timeouts then success: waits of 1 s and 2 s, then the order advances."""
    actions, moves, saga = play({"take_payment": [Unavailable("timeout"), Unavailable("502")]})
    assert actions == ["reserve_stock", "take_payment", "take_payment", "take_payment",
                       "create_shipment", "confirm_stock"]
    assert [m.retry_after for m in moves[1:3]] == [1.0, 2.0]
    assert moves[3].advance_to is Status.PAID
    assert saga.phase is Phase.DONE


def test_a_step_out_of_attempts_fails_and_is_compensated_with_its_reason():
    """Three unavailable answers spend the budget: the step and those before are undone, then cancel."""
    actions, moves, _ = play({"create_shipment": [Unavailable("timeout")] * 3})
    assert actions == ["reserve_stock", "take_payment", *["create_shipment"] * 3,
                       "cancel_shipment", "refund_payment", "release_stock"]
    assert moves[-1].cancel_because == CHECKOUT[2].when_unavailable


def test_a_compensation_is_retried_until_it_is_done_with_capped_waits():
    """A refund unavailable six times is tried a seventh time; waits double up to the 5 s cap."""
    actions, moves, _ = play({"take_payment": [Refused("Your card was declined")],
                              "refund_payment": [Unavailable("timeout")] * 6})
    assert actions.count("refund_payment") == 7
    assert [m.retry_after for m in moves if m.retry_after] == [1.0, 2.0, 4.0, 5.0, 5.0, 5.0]
    assert actions[-1] == "release_stock" and moves[-1].cancel_because == "Your card was declined"


def test_a_refused_compensation_does_not_stop_the_others():
    """A shipment that cannot be cancelled is left to a person; the refund and the release still happen."""
    actions, moves, _ = play({"confirm_stock": [Refused("Your items were no longer held for you.")],
                              "cancel_shipment": [Refused("already dispatched")]})
    assert actions[-3:] == ["cancel_shipment", "refund_payment", "release_stock"]
    assert moves[-1].cancel_because == "Your items were no longer held for you."


def test_a_finished_saga_takes_no_more_outcomes():
    """Recording on a saga that is done raises ValueError."""
    _, _, saga = play({})
    with pytest.raises(ValueError, match="finished"):
        saga.record(Done(), POLICY)
