"""PayBuddy's settlement callback: trusted only when signed, acted on once, ignored when not about us."""

import hashlib
import hmac
import json
from datetime import timedelta

import pytest

from musiccorp.chassis.testing import outbox_rows
from musiccorp.payments.domain.errors import ProviderTimedOut, SettlementTooEarly, UnverifiedNotification
from musiccorp.payments.domain.model import Status
from musiccorp.payments.entrypoints.representations import charge_answer
from musiccorp.payments.service_layer import handlers, settlements

SECRET = b"whsec_musiccorp_sandbox"


def signed(document: dict, secret: bytes = SECRET) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(document).encode()
    return body, {"X-PayBuddy-Signature": "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()}


def settled_notice(charge_id: str, order_id: str = "x") -> dict:
    return {"eventKind": "charge.settled", "chargeId": charge_id, "merchantReference": f"order-{order_id}",
            "amountMinor": 3248, "currencyCode": "GBP", "settledAt": "2026-11-25T10:00:00.000Z"}


@pytest.fixture
def settle(uow, provider, clock):
    async def run(body, headers):
        return await settlements.settle(body, headers, uow=uow(), provider=provider, clock=clock)
    return run


@pytest.fixture
async def captured(uow, provider, clock, take_payment_command):
    answer = await handlers.take_payment(take_payment_command(), uow=uow(), provider=provider,
                                         present=charge_answer, clock=clock, lease=timedelta(seconds=15))
    return answer.body


async def test_a_signed_settlement_settles_the_payment_once(captured, settle, database):
    """The first callback settles and announces it; a redelivery changes nothing and announces nothing."""
    first = await settle(*signed(settled_notice(captured["provider_reference"])))
    again = await settle(*signed(settled_notice(captured["provider_reference"])))
    assert (first.status, again.status, first.id) == (Status.SETTLED, Status.SETTLED, captured["id"])
    assert [row.type for row in await outbox_rows(database.engine)] == [
        "payments.payment.captured.v1", "payments.payment.settled.v1"]


@pytest.mark.parametrize("tamper", ["wrong secret", "changed body", "no signature"])
async def test_a_callback_not_signed_by_paybuddy_is_refused(captured, settle, tamper, uow):
    """Another secret, a body changed after signing, or no signature: UnverifiedNotification, nothing settled."""
    body, headers = signed(settled_notice(captured["provider_reference"]),
                           secret=b"someone else" if tamper == "wrong secret" else SECRET)
    if tamper == "changed body":
        body = body.replace(b"3248", b"1")
    if tamper == "no signature":
        headers = {}
    with pytest.raises(UnverifiedNotification):
        await settle(body, headers)
    assert (await handlers.find_payment(captured["id"], uow=uow())).status is Status.CAPTURED


async def test_a_callback_about_no_payment_of_ours_is_ignored(captured, settle):
    """An unknown charge, or another kind of notification, settles nothing."""
    assert await settle(*signed(settled_notice("ch_someone_elses"))) is None
    assert await settle(*signed({"eventKind": "charge.disputed", "chargeId": captured["provider_reference"]})) is None


async def test_a_settlement_ahead_of_its_lost_answer_is_asked_for_again(settle, uow, provider, clock,
                                                                      take_payment_command):
    """The charge's answer was lost, so the charge is not ours yet: 'too early', then settled once it is."""
    command = take_payment_command()
    provider.script.append("timeout")
    with pytest.raises(ProviderTimedOut):
        await handlers.take_payment(command, uow=uow(), provider=provider, present=charge_answer, clock=clock,
                                    lease=timedelta(seconds=15))
    notice = signed(settled_notice("ch_fake_1", command.order_id))
    with pytest.raises(SettlementTooEarly):
        await settle(*notice)
    await handlers.take_payment(command, uow=uow(), provider=provider, present=charge_answer, clock=clock,
                                lease=timedelta(seconds=15))
    assert (await settle(*notice)).status is Status.SETTLED
