"""The saga runner over the in-memory unit of work and fake participants: calls, compensations, final states."""

import pytest

from musiccorp.chassis.testing import eventually
from musiccorp.orders.adapters.memory import TookEffect
from musiccorp.orders.domain.model import Status
from musiccorp.orders.domain.saga import CHECKOUT, Phase, Refused, Saga, Unavailable
from musiccorp.orders.service_layer.ports import Lease
from musiccorp.orders.service_layer.saga_runner import SagaRunner

STEPS = [step.name for step in CHECKOUT]


@pytest.fixture
def order(make_order):
    return make_order()


@pytest.fixture
async def placed(uow, order):
    """The order and its saga committed, due now, leased to nobody."""
    async with uow:
        await uow.orders.add(order)
        await uow.sagas.add(Saga(order.id), lease=None, due_at=0.0)
        await uow.commit()
    return order


@pytest.fixture
def moves() -> list[tuple[str, Status]]:
    return []


@pytest.fixture
def runner(uow, participants, fast, moves):
    return SagaRunner(unit_of_work=lambda: uow, participants=participants, owner="runner-1", policy=fast,
                      on_move=lambda order: moves.append((order.id, order.status)))


def actions(participants) -> list[str]:
    return [action for action, _order_id in participants.warehouse.journal]


async def stored(uow, order_id):
    async with uow:
        return await uow.orders.get(order_id), await uow.sagas.get(order_id), await uow.sagas.log(order_id)


async def test_a_saga_whose_steps_all_succeed_completes_the_order(runner, uow, participants, placed, moves):
    """Four calls in the table's order; the order ends completed at version 5 with one event per move."""
    await runner.drive(placed.id)
    order, saga, log = await stored(uow, placed.id)
    assert actions(participants) == STEPS
    assert (order.status, order.version, order.tracking_number) == (Status.COMPLETED, 5, f"MC{placed.id[:8].upper()}")
    assert [event.status for event in uow.published] == [Status.PLACED, Status.STOCK_RESERVED, Status.PAID,
                                                          Status.SHIPPED, Status.COMPLETED]
    assert [(entry.action, entry.outcome) for entry in log] == [(step, "done") for step in STEPS]
    assert saga.phase is Phase.DONE and uow.state.sagas[placed.id].lease is None
    assert [status for _id, status in moves] == [Status.STOCK_RESERVED, Status.PAID, Status.SHIPPED, Status.COMPLETED]
    assert participants.payments.captured[placed.id] == 1


@pytest.mark.parametrize("failing, undone", [
    ("reserve_stock", ["release_stock"]),
    ("take_payment", ["refund_payment", "release_stock"]),
    ("create_shipment", ["cancel_shipment", "refund_payment", "release_stock"]),
    ("confirm_stock", ["cancel_shipment", "refund_payment", "release_stock"]),
])
async def test_a_refused_step_is_compensated_in_reverse_then_the_order_cancelled(
        runner, uow, participants, placed, failing, undone):
    """The calls up to the refused step, then each attempted step's undo, latest first; cancelled with the reason."""
    owner = {"reserve_stock": "warehouse", "confirm_stock": "warehouse", "take_payment": "payments",
             "create_shipment": "shipping"}[failing]
    getattr(participants, owner).will(failing, Refused("No, for a reason"))
    await runner.drive(placed.id)
    order, saga, _log = await stored(uow, placed.id)
    assert actions(participants) == STEPS[:STEPS.index(failing) + 1] + undone
    assert (order.status, order.cancellation_reason) == (Status.CANCELLED, "No, for a reason")
    assert uow.published[-1].status is Status.CANCELLED and uow.published[-1].reason == "No, for a reason"
    assert participants.warehouse.reservations.get(placed.id) in (None, "released")
    assert participants.payments.captured[placed.id] == participants.payments.refunded[placed.id]
    assert participants.shipping.shipments.get(placed.id) in (None, "cancelled")
    assert saga.phase is Phase.DONE


async def test_an_unavailable_step_is_retried_and_then_succeeds(runner, uow, participants, placed):
    """A 502 from payments is tried again; the second try takes the payment and the order completes."""
    participants.payments.will("take_payment", Unavailable("payments: answered 502"))
    await runner.drive(placed.id)
    order, _saga, log = await stored(uow, placed.id)
    assert actions(participants).count("take_payment") == 2
    assert order.status is Status.COMPLETED
    assert [(e.action, e.outcome) for e in log if e.action == "take_payment"] == [
        ("take_payment", "unavailable"), ("take_payment", "done")]


async def test_a_step_out_of_attempts_is_compensated(runner, uow, participants, placed):
    """Three shipping timeouts spend the budget: the shipment, payment and reservation are undone."""
    participants.shipping.will("create_shipment", *[Unavailable("shipping: no response within 2.0 s")] * 3)
    await runner.drive(placed.id)
    order, _saga, _log = await stored(uow, placed.id)
    assert actions(participants)[-6:] == ["create_shipment"] * 3 + ["cancel_shipment", "refund_payment",
                                                                     "release_stock"]
    assert (order.status, order.cancellation_reason) == (Status.CANCELLED, CHECKOUT[2].when_unavailable)
    assert participants.payments.refunded[placed.id] == 1


async def test_a_compensation_failing_transiently_is_retried_until_it_succeeds(runner, uow, participants, placed):
    """A release unavailable four times in a row is tried a fifth time; only then is the order cancelled."""
    participants.payments.will("take_payment", Refused("Your card was declined"))
    participants.warehouse.will("release_stock", *[Unavailable("warehouse: circuit open")] * 4)
    await runner.drive(placed.id)
    order, _saga, _log = await stored(uow, placed.id)
    assert actions(participants).count("release_stock") == 5
    assert participants.warehouse.reservations[placed.id] == "released"
    assert (order.status, order.cancellation_reason) == (Status.CANCELLED, "Your card was declined")


async def test_a_charge_that_timed_out_but_was_taken_is_refunded(runner, uow, participants, placed):
    """"Attempted but unknown": three timeouts after the money was taken; the refund gives it back."""
    participants.payments.will("take_payment", *[TookEffect(Unavailable("payments: timeout"))] * 3)
    await runner.drive(placed.id)
    order, _saga, _log = await stored(uow, placed.id)
    assert participants.payments.captured[placed.id] == 1
    assert participants.payments.refunded[placed.id] == 1
    assert "refund_payment" in actions(participants)
    assert order.status is Status.CANCELLED


async def test_an_unexpected_error_in_a_call_counts_as_no_answer(runner, uow, participants, placed):
    """A participant raising (a garbled answer) is retried like a timeout rather than stopping the saga."""
    participants.shipping.will("create_shipment", ValueError("not JSON"))
    await runner.drive(placed.id)
    order, _saga, log = await stored(uow, placed.id)
    assert order.status is Status.COMPLETED
    assert [e.outcome for e in log if e.action == "create_shipment"] == ["unavailable", "done"]


async def test_a_saga_leased_to_another_runner_is_left_alone(runner, uow, participants, placed):
    """While another runner's lease is live, drive() makes no call."""
    uow.state.sagas[placed.id].lease = Lease("runner-2", expires_at=4_000_000_000.0)
    await runner.drive(placed.id)
    assert actions(participants) == []


async def test_a_runner_whose_lease_was_taken_records_nothing_more(uow, participants, fast, placed):
    """The lease changes hands mid-step: the step's record is refused and the saga is left to the new holder."""
    def steal(point: str) -> None:
        if point == "reserve_stock.after":
            uow.state.sagas[placed.id].lease = Lease("runner-2", expires_at=4_000_000_000.0)

    runner = SagaRunner(unit_of_work=lambda: uow, participants=participants, owner="runner-1", policy=fast,
                        checkpoint=steal)
    await runner.drive(placed.id)
    order, saga, log = await stored(uow, placed.id)
    assert actions(participants) == ["reserve_stock"]
    assert (order.status, saga.action, log) == (Status.PLACED, "reserve_stock", [])


async def test_the_running_runner_resumes_due_sagas_and_stops_cleanly(runner, uow, participants, placed):
    """Started, the runner finds the due saga by polling and drives it to the end; stop() ends its tasks."""
    await runner.start()
    try:
        await eventually(lambda: uow.state.orders[placed.id].status is Status.COMPLETED, within=5,
                         what="the order completing")
    finally:
        await runner.stop()
    assert runner.driving == frozenset()
    assert actions(participants) == STEPS
