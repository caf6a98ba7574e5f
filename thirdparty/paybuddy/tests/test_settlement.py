"""Settlement callbacks: signed, delivered after the settlement delay, retried until the merchant takes them."""

from __future__ import annotations

import hashlib
import hmac
import json

from paybuddy.config import DEFAULT_WEBHOOK_SECRET
from paybuddy.settlement import sign

VISA, DECLINED = "4242 4242 4242 4242", "4000 0000 0000 0002"


async def test_an_authorised_charge_is_settled_with_a_signed_callback(charge, receiver, wait_for):
    """The callback names the charge and carries the HMAC-SHA256 of its raw body under the webhook secret."""
    _, made = await charge(VISA, callbackUrl=receiver.url, merchantReference="order-9")
    await wait_for(lambda: receiver.received)
    raw, headers = receiver.received[0]
    event = json.loads(raw)
    assert {k: event[k] for k in ("eventKind", "chargeId", "merchantReference", "amountMinor", "currencyCode")} == {
        "eventKind": "charge.settled", "chargeId": made["chargeId"], "merchantReference": "order-9",
        "amountMinor": 1998, "currencyCode": "GBP"}
    assert event["settledAt"].endswith("Z")
    expected = hmac.new(DEFAULT_WEBHOOK_SECRET.encode(), raw, hashlib.sha256).hexdigest()
    assert headers["X-PayBuddy-Signature"] == f"sha256={expected}"
    assert headers["Content-Type"] == "application/json"


async def test_a_failing_merchant_gets_the_callback_again(client, charge, receiver, wait_for):
    """Two 500s from the merchant, then it is delivered on the third attempt, same body."""
    receiver.failures = 2
    await client.put("/admin/chaos", json={"settlementDelayMs": 0})
    _, made = await charge(VISA, callbackUrl=receiver.url)
    await wait_for(lambda: receiver.received)
    assert receiver.attempts == 3
    assert json.loads(receiver.received[0][0])["chargeId"] == made["chargeId"]


async def test_only_authorised_charges_settle_and_each_once(client, charge, charge_body, merchant, tokenise, receiver,
                                                            wait_for):
    """A refused charge and a replayed one send nothing more: callbacks arrive for the two real charges only."""
    await charge(DECLINED, callbackUrl=receiver.url)
    body = charge_body(await tokenise(), callbackUrl=receiver.url)
    headers = {**merchant, "Idempotency-Token": "settle-once"}
    first = await (await client.post("/v2/charges", json=body, headers=headers)).json()
    await client.post("/v2/charges", json=body, headers=headers)
    _, marker = await charge(VISA, callbackUrl=receiver.url)
    await wait_for(lambda: len(receiver.received) >= 2)
    assert [json.loads(raw)["chargeId"] for raw, _ in receiver.received] == [first["chargeId"], marker["chargeId"]]


async def test_settlement_waits_for_the_configured_delay(client, charge, receiver, wait_for):
    """With settlementDelayMs at a minute, the charge is answered and nothing is sent yet."""
    await client.put("/admin/chaos", json={"settlementDelayMs": 60_000})
    status, _ = await charge(VISA, callbackUrl=receiver.url)
    assert status == 200 and receiver.attempts == 0
    await client.put("/admin/chaos", json={"settlementDelayMs": 0})
    _, later = await charge(VISA, callbackUrl=receiver.url)
    await wait_for(lambda: receiver.received)
    assert [json.loads(raw)["chargeId"] for raw, _ in receiver.received] == [later["chargeId"]]


def test_the_signature_is_an_hmac_of_the_exact_bytes():
    """Changing one byte of the body changes the signature."""
    assert sign(b'{"a":1}', secret="s") == "sha256=" + hmac.new(b"s", b'{"a":1}', hashlib.sha256).hexdigest()
    assert sign(b'{"a":1}', secret="s") != sign(b'{"a": 1}', secret="s")
