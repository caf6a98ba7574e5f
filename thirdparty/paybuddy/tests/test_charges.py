"""Charges: authorised or refused as 200 answers, found by reference, behind an API key, charged once per token."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp.test_utils import TestClient, TestServer
from paybuddy import SandboxConfig, create_app

VISA, DECLINED, NO_FUNDS = "4242 4242 4242 4242", "4000 0000 0000 0002", "4000 0000 0000 9995"


async def test_a_good_card_is_authorised(charge):
    """200 AUTHORISED with the amount, currency, reference and no refusal reason."""
    status, body = await charge(VISA)
    assert status == 200
    assert body["chargeId"].startswith("ch_") and body["createdAt"].endswith("Z")
    assert {key: body[key] for key in ("state", "refusalReason", "amountMinor", "currencyCode",
                                       "merchantReference")} == {
        "state": "AUTHORISED", "refusalReason": None, "amountMinor": 1998, "currencyCode": "GBP",
        "merchantReference": "order-1"}


@pytest.mark.parametrize("number, reason", [(DECLINED, "card_declined"), (NO_FUNDS, "insufficient_funds")])
async def test_test_cards_are_refused_with_their_reason(charge, client, number, reason):
    """A refusal is a business outcome: 200 REFUSED with the reason, and the charge is on record."""
    status, body = await charge(number)
    assert (status, body["state"], body["refusalReason"]) == (200, "REFUSED", reason)
    recorded = await (await client.get("/admin/charges")).json()
    assert [item["chargeId"] for item in recorded["items"]] == [body["chargeId"]]


async def test_an_unknown_token_is_refused(client, merchant, charge_body):
    """400 token_unknown: the card was never tokenised."""
    response = await client.post("/v2/charges", json=charge_body("tok_nope"), headers=merchant)
    assert (response.status, (await response.json())["errorCode"]) == (400, "token_unknown")


@pytest.mark.parametrize("changes, field", [
    ({"amountMinor": 0}, "amountMinor"), ({"amountMinor": "19.98"}, "amountMinor"),
    ({"amountMinor": True}, "amountMinor"), ({"currencyCode": "gbp"}, "currencyCode"),
    ({"merchantReference": ""}, "merchantReference"), ({"sourceToken": None}, "sourceToken"),
    ({"callbackUrl": "ftp://merchant/cb"}, "callbackUrl"), ({"callbackUrl": "/relative"}, "callbackUrl"),
])
async def test_a_malformed_charge_is_refused_naming_the_field(client, merchant, charge_body, tokenise, changes, field):
    """400 request_invalid whose message names the wrong field; nothing is charged."""
    body = charge_body(await tokenise(), **changes)
    response = await client.post("/v2/charges", json=body, headers=merchant)
    error = await response.json()
    assert (response.status, error["errorCode"]) == (400, "request_invalid") and field in error["errorMessage"]
    assert (await (await client.get("/admin/charges")).json())["count"] == 0


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer pb_test_wrong"},
                                     {"Authorization": "Basic pb_test_musiccorp"}])
async def test_the_merchant_api_needs_an_accepted_key(client, charge_body, tokenise, headers):
    """No key, a wrong key or another scheme: 401 unauthorised on every merchant route, nothing charged."""
    body = charge_body(await tokenise())
    answers = [await client.post("/v2/charges", json=body, headers=headers),
               await client.get("/v2/charges", headers=headers),
               await client.get("/v2/charges/ch_x", headers=headers),
               await client.post("/v2/charges/ch_x/reversals", json={}, headers=headers)]
    assert [(a.status, (await a.json())["errorCode"]) for a in answers] == [(401, "unauthorised")] * 4
    assert (await (await client.get("/admin/charges")).json())["count"] == 0


async def test_accepted_keys_come_from_the_configuration(card, charge_body):
    """PAYBUDDY_API_KEYS lists the keys; the default key is then refused."""
    config = SandboxConfig.from_environ({"PAYBUDDY_API_KEYS": "pb_test_a, pb_test_b"})
    async with TestClient(TestServer(create_app(config))) as client:
        token = (await (await client.post("/v2/tokens", json={"card": card()})).json())["token"]
        answers = [await client.post("/v2/charges", json=charge_body(token), headers={"Authorization": f"Bearer {k}"})
                   for k in ("pb_test_b", "pb_test_musiccorp")]
    assert [answer.status for answer in answers] == [200, 401]


def test_a_configuration_without_keys_is_refused():
    """An empty PAYBUDDY_API_KEYS is a mistake, not an open door."""
    with pytest.raises(ValueError, match="PAYBUDDY_API_KEYS"):
        SandboxConfig.from_environ({"PAYBUDDY_API_KEYS": " , "})


async def test_charges_are_found_by_merchant_reference(client, merchant, charge):
    """GET /v2/charges?merchantReference= lists that reference's charges (with reversals) and their count."""
    _, first = await charge(VISA, merchantReference="order-7")
    _, refused = await charge(DECLINED, merchantReference="order-7")
    await charge(VISA, merchantReference="order-8")
    listed = await (await client.get("/v2/charges", params={"merchantReference": "order-7"}, headers=merchant)).json()
    assert listed["count"] == 2
    assert [item["chargeId"] for item in listed["items"]] == [first["chargeId"], refused["chargeId"]]
    assert listed["items"][0]["reversals"] == []
    nothing = await (await client.get("/v2/charges", params={"merchantReference": "none"}, headers=merchant)).json()
    assert nothing == {"items": [], "count": 0}


async def test_a_charge_is_read_by_id_or_is_not_found(client, merchant, charge):
    """GET /v2/charges/{id} is the charge with its reversals; an unknown id is 404 charge_not_found."""
    _, made = await charge(VISA)
    found = await client.get(f"/v2/charges/{made['chargeId']}", headers=merchant)
    missing = await client.get("/v2/charges/ch_missing", headers=merchant)
    assert await found.json() == {**made, "reversals": []}
    assert (missing.status, (await missing.json())["errorCode"]) == (404, "charge_not_found")


async def test_the_same_idempotency_token_charges_once_and_answers_the_same(client, charge_body, merchant, tokenise):
    """A retry with the same token and body gets the first answer; only one charge exists."""
    body, headers = charge_body(await tokenise()), {**merchant, "Idempotency-Token": "charge-order-1"}
    first = await (await client.post("/v2/charges", json=body, headers=headers)).json()
    again = await client.post("/v2/charges", json=body, headers=headers)
    assert again.status == 200 and await again.json() == first
    assert (await (await client.get("/admin/charges")).json())["count"] == 1


async def test_concurrent_requests_with_one_token_make_one_charge(client, charge_body, merchant, tokenise):
    """Ten twins at once: one charge, ten identical answers."""
    body, headers = charge_body(await tokenise()), {**merchant, "Idempotency-Token": "charge-order-2"}

    async def send() -> dict:
        return await (await client.post("/v2/charges", json=body, headers=headers)).json()

    answers = await asyncio.gather(*(send() for _ in range(10)))
    assert len({answer["chargeId"] for answer in answers}) == 1
    assert (await (await client.get("/admin/charges")).json())["count"] == 1


async def test_a_token_reused_for_another_body_is_refused(client, charge_body, merchant, tokenise):
    """Same token, different amount: 409 idempotency_token_reused and no second charge."""
    token, headers = await tokenise(), {**merchant, "Idempotency-Token": "charge-order-3"}
    await client.post("/v2/charges", json=charge_body(token), headers=headers)
    reused = await client.post("/v2/charges", json=charge_body(token, amountMinor=1), headers=headers)
    assert (reused.status, (await reused.json())["errorCode"]) == (409, "idempotency_token_reused")
    assert (await (await client.get("/admin/charges")).json())["count"] == 1


async def test_without_a_token_every_request_is_a_new_charge(client, charge_body, merchant, tokenise):
    """No Idempotency-Token: two identical requests are two charges (why merchants should send one)."""
    body = charge_body(await tokenise())
    for _ in range(2):
        await client.post("/v2/charges", json=body, headers=merchant)
    assert (await (await client.get("/admin/charges")).json())["count"] == 2


async def test_a_failed_request_does_not_use_up_its_token(client, charge_body, merchant, tokenise):
    """After an error nothing happened: the same token and body may be retried once the cause is fixed."""
    headers = {**merchant, "Idempotency-Token": "charge-order-4"}
    await client.post("/admin/chaos/script", json={"next": ["error"]})
    failed = await client.post("/v2/charges", json=charge_body(await tokenise()), headers=headers)
    body = charge_body(await tokenise())
    unknown = await client.post("/v2/charges", json={**body, "sourceToken": "tok_gone"}, headers=headers)
    retried = await client.post("/v2/charges", json=body, headers=headers)
    assert [failed.status, unknown.status, retried.status] == [503, 400, 200]
    assert (await retried.json())["state"] == "AUTHORISED"
