"""Chaos: scripted and random misbehaviour of the merchant API, and the admin API that sets it."""

from __future__ import annotations

import asyncio
import time

import pytest

VISA = "4242 4242 4242 4242"


async def test_a_scripted_decline_refuses_a_good_card(client, charge):
    """'decline': REFUSED card_declined, recorded like any refusal."""
    await client.post("/admin/chaos/script", json={"next": ["decline"]})
    status, body = await charge(VISA)
    assert (status, body["state"], body["refusalReason"]) == (200, "REFUSED", "card_declined")


async def test_a_scripted_error_fails_without_charging(client, charge):
    """'error': 503 service_unavailable, and no charge exists."""
    await client.post("/admin/chaos/script", json={"next": ["error"]})
    status, body = await charge(VISA)
    assert (status, body["errorCode"]) == (503, "service_unavailable")
    assert (await (await client.get("/admin/charges")).json())["count"] == 0


async def test_a_scripted_timeout_charges_but_holds_the_answer(client, charge_body, merchant, tokenise, sandbox,
                                                               wait_for):
    """'timeout': the charge is on record while its answer is held; a retry with the token gets it at once."""
    await client.put("/admin/chaos", json={"timeoutHoldMs": 2000})
    await client.post("/admin/chaos/script", json={"next": ["timeout"]})
    body, headers = charge_body(await tokenise()), {**merchant, "Idempotency-Token": "charge-order-5"}
    held = asyncio.create_task(client.post("/v2/charges", json=body, headers=headers))
    await wait_for(lambda: sandbox.ledger.charges())
    retry = await client.post("/v2/charges", json=body, headers=headers)
    assert not held.done(), "the first answer was not held"
    recorded = sandbox.ledger.charges()
    assert [charge.state for charge in recorded] == ["AUTHORISED"]
    assert (await retry.json())["chargeId"] == recorded[0].charge_id
    first = await held
    assert first.status == 200 and (await first.json())["chargeId"] == recorded[0].charge_id


async def test_the_script_runs_in_order_before_the_random_rates(client, charge):
    """'ok' wins over errorRate 1, then the rate applies; entries are consumed one per charge request."""
    await client.put("/admin/chaos", json={"errorRate": 1.0})
    await client.post("/admin/chaos/script", json={"next": ["ok", "decline"]})
    outcomes = [await charge(VISA) for _ in range(3)]
    assert [(status, body.get("state") or body["errorCode"]) for status, body in outcomes] == [
        (200, "AUTHORISED"), (200, "REFUSED"), (503, "service_unavailable")]


@pytest.mark.parametrize("knobs, expected", [
    ({"errorRate": 1.0}, (503, "service_unavailable")),
    ({"declineRate": 1.0}, (200, "REFUSED")),
    ({"errorRate": 0.0, "declineRate": 0.0}, (200, "AUTHORISED")),
])
async def test_random_rates_apply_to_charge_requests(client, charge, knobs, expected):
    """A rate of 1 always happens, 0 never."""
    await client.put("/admin/chaos", json=knobs)
    status, body = await charge(VISA)
    assert (status, body.get("state") or body["errorCode"]) == expected


async def test_latency_delays_every_merchant_answer(client, merchant):
    """latencyMs 300: even a list of charges takes at least 0.3 s."""
    await client.put("/admin/chaos", json={"latencyMs": 300})
    started = time.monotonic()
    response = await client.get("/v2/charges", headers=merchant)
    assert response.status == 200 and time.monotonic() - started >= 0.3


async def test_the_knobs_are_read_replaced_and_reset(client):
    """PUT replaces (unset knobs fall back to defaults), GET shows knobs and script, DELETE calms everything."""
    await client.put("/admin/chaos", json={"latencyMs": 5, "declineRate": 0.5})
    await client.put("/admin/chaos", json={"errorRate": 0.25})
    await client.post("/admin/chaos/script", json={"next": ["timeout", "ok"]})
    current = await (await client.get("/admin/chaos")).json()
    assert current == {"errorRate": 0.25, "declineRate": 0.0, "timeoutRate": 0.0, "latencyMs": 0,
                       "settlementDelayMs": 100, "timeoutHoldMs": 30000, "script": ["timeout", "ok"]}
    reset = await (await client.delete("/admin/chaos")).json()
    assert reset["errorRate"] == 0.0 and reset["script"] == []


@pytest.mark.parametrize("knobs, message", [
    ({"errorRate": 1.5}, "errorRate must be a number from 0 to 1"),
    ({"declineRate": "high"}, "declineRate must be a number from 0 to 1"),
    ({"latencyMs": -1}, "latencyMs must be whole milliseconds"),
    ({"timeoutHoldMs": 2.5}, "timeoutHoldMs must be whole milliseconds"),
    ({"errorrate": 1}, "unknown chaos knob(s) errorrate"),
])
async def test_bad_knobs_are_refused_and_change_nothing(client, knobs, message):
    """400 request_invalid naming the knob; the previous settings stay."""
    await client.put("/admin/chaos", json={"latencyMs": 7})
    response = await client.put("/admin/chaos", json=knobs)
    error = await response.json()
    assert (response.status, error["errorCode"]) == (400, "request_invalid") and message in error["errorMessage"]
    assert (await (await client.get("/admin/chaos")).json())["latencyMs"] == 7


@pytest.mark.parametrize("script", [{"next": ["explode"]}, {"next": []}, {"next": "error"}, {}])
async def test_a_bad_script_is_refused(client, script):
    """Only ok, decline, error and timeout, in a non-empty list."""
    response = await client.post("/admin/chaos/script", json=script)
    assert (response.status, (await response.json())["errorCode"]) == (400, "request_invalid")
    assert (await (await client.get("/admin/chaos")).json())["script"] == []


async def test_admin_charges_lists_and_forgets_every_charge(client, charge, merchant, charge_body, tokenise):
    """GET /admin/charges shows all with reversals; DELETE forgets charges and idempotency, not card tokens."""
    token = await tokenise()
    headers = {**merchant, "Idempotency-Token": "once"}
    made = await (await client.post("/v2/charges", json=charge_body(token), headers=headers)).json()
    await charge(VISA, merchantReference="order-2")
    listed = await (await client.get("/admin/charges")).json()
    assert listed["count"] == 2 and listed["items"][0] == {**made, "reversals": []}
    assert await (await client.delete("/admin/charges")).json() == {"deleted": 2}
    again = await (await client.post("/v2/charges", json=charge_body(token), headers=headers)).json()
    assert again["state"] == "AUTHORISED" and again["chargeId"] != made["chargeId"]
