"""The saga survives a crash at any point: a new runner on a new engine resumes it from the database (ADR 0006).

The first runner "dies" at a crash point — before a remote call, or after the
participant acted but before orders recorded it — by a BaseException nothing
catches, as a kill -9 leaves no chance to clean up. Its lease is left behind.
A second runner, as after a restart, finds the saga once that lease expired
and takes it to its end. The fakes stand for services that outlived the crash
and are idempotent by order id, as the real ones are: the re-run call acts once.
"""

import pytest

from musiccorp.chassis.database import Database
from musiccorp.chassis.testing import eventually
from musiccorp.orders.adapters.memory import fake_participants
from musiccorp.orders.domain.model import Status
from musiccorp.orders.domain.saga import CHECKOUT, Refused
from musiccorp.orders.service_layer.saga_runner import SagaRunner

LEASE = 0.2  # seconds a crashed runner keeps its saga


class SimulatedCrash(BaseException):
    """The process died here."""


def crash_at(point: str):
    def checkpoint(reached: str) -> None:
        if reached == point:
            raise SimulatedCrash(point)

    return checkpoint


HAPPY = [(f"{step.name}.{when}", None, Status.COMPLETED) for step in CHECKOUT for when in ("before", "after")]
DECLINED = [(f"{action}.{when}", ("take_payment", "payments"), Status.CANCELLED)
            for action in ("refund_payment", "release_stock") for when in ("before", "after")]
NOT_HELD = [(f"cancel_shipment.{when}", ("confirm_stock", "warehouse"), Status.CANCELLED)
            for when in ("before", "after")]


@pytest.mark.parametrize("point, refused, final", HAPPY + DECLINED + NOT_HELD,
                         ids=[case[0] + ("" if case[1] is None else f"-after-{case[1][0]}-refused")
                              for case in HAPPY + DECLINED + NOT_HELD])
async def test_a_saga_crashed_at_any_point_is_resumed_by_a_new_runner(
        database_url, database, units_on, store_placed, fast, point, refused, final):
    """Crash before or after any call; a new runner on a new engine ends the order, nothing done twice or left."""
    participants = fake_participants()
    if refused is not None:
        action, service = refused
        getattr(participants, service).will(action, Refused("No, for a reason"))
    order = await store_placed(units_on(database))
    crashed = SagaRunner(unit_of_work=units_on(database), participants=participants, owner="before-crash",
                         policy=fast, lease_seconds=LEASE, checkpoint=crash_at(point))
    with pytest.raises(SimulatedCrash):
        await crashed.drive(order.id)
    await database.dispose()  # the process and its connections are gone

    restarted_database = Database(database_url)  # a new process: a new engine on the same database
    resumed = SagaRunner(unit_of_work=units_on(restarted_database), participants=participants,
                         owner="after-restart", policy=fast, lease_seconds=LEASE, poll_seconds=0.02)
    await resumed.start()
    try:
        async def ended() -> bool:
            async with units_on(restarted_database)() as uow:
                return (await uow.orders.get(order.id)).status is final

        await eventually(ended, within=10, what=f"the order becoming {final}")
    finally:
        await resumed.stop()
        async with units_on(restarted_database)() as uow:
            stored, saga = await uow.orders.get(order.id), await uow.sagas.get(order.id)
        await restarted_database.dispose()

    action, when = point.rsplit(".", 1)
    calls = [called for called, _order_id in participants.warehouse.journal]
    assert calls.count(action) == (2 if when == "after" else 1)  # the unrecorded call was made again
    assert participants.payments.captured[order.id] <= 1  # the re-sent charge took nothing twice
    if final is Status.COMPLETED:
        assert participants.payments.captured[order.id] == 1 and not participants.payments.refunded[order.id]
        assert participants.warehouse.reservations[order.id] == "confirmed"
        assert participants.shipping.shipments[order.id] == "awaiting_pick"
        assert stored.version == 5
    else:
        assert participants.payments.refunded[order.id] == participants.payments.captured[order.id]
        assert participants.warehouse.reservations.get(order.id) in (None, "released")
        assert participants.shipping.shipments.get(order.id) in (None, "cancelled")
        assert stored.cancellation_reason == "No, for a reason"
    assert [entry.status for entry in stored.history][-1] is final
    assert saga.done


@pytest.mark.parametrize("heir, resumes", [("orders-1/", True), (None, False)], ids=["heir", "stranger"])
async def test_a_restarted_instance_takes_back_its_sagas_without_waiting_out_the_lease(
        database_url, database, units_on, store_placed, fast, heir, resumes):
    """``orders-1`` started again inherits what its earlier life held; any other runner waits for the lease."""
    participants = fake_participants()
    order = await store_placed(units_on(database))
    crashed = SagaRunner(unit_of_work=units_on(database), participants=participants, owner="orders-1/first",
                         policy=fast, lease_seconds=3600, checkpoint=crash_at("take_payment.before"))
    with pytest.raises(SimulatedCrash):
        await crashed.drive(order.id)

    owner = "orders-1/second" if heir else "orders-2/other"
    restarted = SagaRunner(unit_of_work=units_on(database), participants=participants, owner=owner,
                           policy=fast, lease_seconds=3600, inherits=heir)
    await restarted.drive(order.id)
    async with units_on(database)() as uow:
        status = (await uow.orders.get(order.id)).status
        due = await uow.sagas.due(now=10**12 - 1, limit=10, inherits=heir)
    assert (status is Status.COMPLETED) is resumes
    assert (due == []) is resumes  # a stranger still sees the saga as held until the hour-long lease ends


def test_an_owner_outside_the_heirs_name_is_refused(units_on, database):
    with pytest.raises(ValueError):
        SagaRunner(unit_of_work=units_on(database), participants=fake_participants(), owner="orders-2/x",
                   inherits="orders-1/")
