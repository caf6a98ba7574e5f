"""Reversals: give back all or part of an authorised charge, never more than was taken."""

from __future__ import annotations

import asyncio

VISA, DECLINED = "4242 4242 4242 4242", "4000 0000 0000 0002"


async def test_a_reversal_gives_back_everything_left_by_default(client, merchant, charge):
    """No amount: the whole charge is reversed, and the charge lists the reversal."""
    _, made = await charge(VISA)
    response = await client.post(f"/v2/charges/{made['chargeId']}/reversals", headers=merchant)
    reversal = await response.json()
    assert response.status == 200 and reversal["reversalId"].startswith("rv_")
    assert {k: reversal[k] for k in ("chargeId", "state", "amountMinor")} == {
        "chargeId": made["chargeId"], "state": "REVERSED", "amountMinor": 1998}
    found = await (await client.get(f"/v2/charges/{made['chargeId']}", headers=merchant)).json()
    assert found["reversals"] == [reversal]


async def test_partial_reversals_add_up_to_at_most_the_charge(client, merchant, charge):
    """500 then the rest; then nothing is left and a further reversal is 409 reversal_exceeds_charge."""
    _, made = await charge(VISA)
    url = f"/v2/charges/{made['chargeId']}/reversals"
    part = await (await client.post(url, json={"amountMinor": 500}, headers=merchant)).json()
    too_much = await client.post(url, json={"amountMinor": 1499}, headers=merchant)
    rest = await (await client.post(url, json={}, headers=merchant)).json()
    nothing_left = await client.post(url, json={}, headers=merchant)
    assert (part["amountMinor"], rest["amountMinor"]) == (500, 1498)
    assert (too_much.status, (await too_much.json())["errorCode"]) == (409, "reversal_exceeds_charge")
    assert (nothing_left.status, (await nothing_left.json())["errorCode"]) == (409, "reversal_exceeds_charge")


async def test_a_refused_charge_cannot_be_reversed(client, merchant, charge):
    """Nothing was taken: 409 charge_not_reversible."""
    _, refused = await charge(DECLINED)
    response = await client.post(f"/v2/charges/{refused['chargeId']}/reversals", headers=merchant)
    assert (response.status, (await response.json())["errorCode"]) == (409, "charge_not_reversible")


async def test_reversing_an_unknown_charge_is_not_found(client, merchant):
    """404 charge_not_found."""
    response = await client.post("/v2/charges/ch_missing/reversals", json={}, headers=merchant)
    assert (response.status, (await response.json())["errorCode"]) == (404, "charge_not_found")


async def test_a_bad_amount_is_refused(client, merchant, charge):
    """amountMinor must be a positive whole number: 400 request_invalid."""
    _, made = await charge(VISA)
    response = await client.post(f"/v2/charges/{made['chargeId']}/reversals", json={"amountMinor": -5},
                                 headers=merchant)
    assert (response.status, (await response.json())["errorCode"]) == (400, "request_invalid")


async def test_a_retried_reversal_with_its_token_reverses_once(client, merchant, charge):
    """Concurrent twins of a partial reversal with one Idempotency-Token give back 500 once, not five times."""
    _, made = await charge(VISA)
    url, headers = f"/v2/charges/{made['chargeId']}/reversals", {**merchant, "Idempotency-Token": "refund-1"}

    async def send() -> dict:
        return await (await client.post(url, json={"amountMinor": 500}, headers=headers)).json()

    answers = await asyncio.gather(*(send() for _ in range(5)))
    assert len({answer["reversalId"] for answer in answers}) == 1
    found = await (await client.get(f"/v2/charges/{made['chargeId']}", headers=merchant)).json()
    assert [reversal["amountMinor"] for reversal in found["reversals"]] == [500]
