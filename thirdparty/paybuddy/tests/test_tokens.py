"""Tokenisation: browsers swap valid card details for a token; bad details are refused in plain words."""

from __future__ import annotations

import asyncio
import json
import shutil
from datetime import date
from importlib import resources

import pytest
from paybuddy.cards import brand_of, check_card, luhn_valid
from paybuddy.errors import ApiError

VISA = "4242 4242 4242 4242"


async def test_a_valid_card_becomes_a_token_with_brand_and_last_four(client, card):
    """201 with tok_…, the brand and last four digits, and the expiry; never the number."""
    response = await client.post("/v2/tokens", json={"card": card(VISA)})
    assert response.status == 201
    body = await response.json()
    assert body["token"].startswith("tok_")
    assert {key: body[key] for key in ("brand", "last4", "expMonth", "expYear")} == {
        "brand": "visa", "last4": "4242", "expMonth": 12, "expYear": 2035}
    assert "4242424242424242" not in json.dumps(body)


async def test_the_sandbox_keeps_no_card_number(client, sandbox, card):
    """What the token maps to holds brand, last four and behaviour, not the number or the security code."""
    token = (await (await client.post("/v2/tokens", json={"card": card(VISA)})).json())["token"]
    kept = sandbox.ledger.card(token)
    assert "4242424242424242" not in repr(kept) and "123" not in repr(kept)
    assert (kept.brand, kept.last4, kept.refusal) == ("visa", "4242", None)


@pytest.mark.parametrize("changes, message", [
    ({"number": "4242 4242 4242 4241"}, "card number is not valid"),
    ({"number": "4242"}, "card number is not valid"),
    ({"number": 4242424242424242}, "card number is not valid"),
    ({"expMonth": 13}, "month must be between 1 and 12"),
    ({"expYear": 2020}, "has expired"),
    ({"expYear": "soon"}, "expiry year must be a number"),
    ({"cvc": "12"}, "security code must be 3 or 4 digits"),
    ({"cvc": 123}, "security code must be 3 or 4 digits"),
    ({"holderName": " "}, "name on the card is missing"),
])
async def test_invalid_card_details_are_refused_in_words_a_shopper_understands(client, card, changes, message):
    """400 card_invalid whose message says what to fix."""
    response = await client.post("/v2/tokens", json={"card": card(VISA, **changes)})
    assert response.status == 400
    body = await response.json()
    assert body["errorCode"] == "card_invalid" and message in body["errorMessage"]


async def test_a_body_without_a_card_is_refused(client):
    """No card object: 400 card_invalid; not JSON at all: 400 request_invalid."""
    missing = await client.post("/v2/tokens", json={"number": VISA})
    garbled = await client.post("/v2/tokens", data=b"number=4242", headers={"Content-Type": "text/plain"})
    assert (missing.status, (await missing.json())["errorCode"]) == (400, "card_invalid")
    assert (garbled.status, (await garbled.json())["errorCode"]) == (400, "request_invalid")


async def test_the_preflight_of_a_cross_origin_post_is_allowed(client):
    """OPTIONS /v2/tokens answers 204 allowing any origin to POST JSON."""
    response = await client.options("/v2/tokens", headers={
        "Origin": "http://127.0.0.1:8000", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert response.status == 204
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in response.headers["Access-Control-Allow-Headers"]


async def test_browser_answers_carry_cors_headers_even_when_refused(client, card):
    """A page on another origin can read both the token and the reason for a refusal."""
    created = await client.post("/v2/tokens", json={"card": card(VISA)}, headers={"Origin": "http://shop"})
    refused = await client.post("/v2/tokens", json={"card": card("1234")}, headers={"Origin": "http://shop"})
    assert created.headers["Access-Control-Allow-Origin"] == "*"
    assert refused.headers["Access-Control-Allow-Origin"] == "*"


async def test_the_merchant_api_does_not_invite_browsers(client, merchant):
    """Charges are server to server: no CORS headers there."""
    response = await client.get("/v2/charges", headers=merchant)
    assert "Access-Control-Allow-Origin" not in response.headers


def test_luhn_and_brands():
    """The checksum catches a mistyped digit; prefixes tell visa, mastercard and amex apart."""
    assert luhn_valid("4242424242424242") and not luhn_valid("4242424242424243")
    assert [brand_of(n) for n in ("4242424242424242", "5555555555554444", "2223003122003222",
                                  "378282246310005", "6011111111111117")] == [
        "visa", "mastercard", "mastercard", "amex", "unknown"]


def test_test_cards_carry_their_refusal():
    """The documented test cards decline and lack funds; spaces in the number do not matter."""
    today = date(2030, 1, 1)
    details = {"expMonth": 1, "expYear": 2030, "cvc": "1234", "holderName": "A"}
    assert check_card({"number": "4000 0000 0000 0002", **details}, today=today).refusal == "card_declined"
    assert check_card({"number": "4000000000009995", **details}, today=today).refusal == "insufficient_funds"
    assert check_card({"number": VISA, **details}, today=today).refusal is None


def test_a_card_is_valid_until_the_end_of_its_expiry_month():
    """Expiring this month is fine; last month is expired."""
    details = {"number": VISA, "cvc": "123", "holderName": "A"}
    assert check_card({**details, "expMonth": 3, "expYear": 2030}, today=date(2030, 3, 31)).exp_month == 3
    with pytest.raises(ApiError, match="expired"):
        check_card({**details, "expMonth": 2, "expYear": 2030}, today=date(2030, 3, 1))


async def test_the_drop_in_script_is_served_as_javascript(client):
    """GET /v2/js/paybuddy.js is the script merchant pages load, cacheable, any origin."""
    response = await client.get("/v2/js/paybuddy.js")
    assert response.status == 200
    assert response.content_type == "application/javascript"
    assert "max-age" in response.headers["Cache-Control"]
    assert await response.text() == resources.files("paybuddy").joinpath("static/paybuddy.js").read_text()


_DRIVE_DROP_IN = """
const fs = require("fs");
globalThis.window = globalThis;
const [script, base, good, bad] = process.argv.slice(-4);
eval(fs.readFileSync(script, "utf8"));
(async () => {
  const card = await window.PayBuddy.tokenise(base + "/", JSON.parse(good));
  let refusal = null;
  try { await window.PayBuddy.tokenise(base, JSON.parse(bad)); } catch (error) {
    refusal = {errorCode: error.errorCode, message: error.message};
  }
  console.log(JSON.stringify({card, refusal}));
})().catch((error) => { console.error(error); process.exit(1); });
"""


async def test_the_drop_in_tokenises_from_javascript(served, card, tmp_path):
    """Run in JavaScript, tokenise() resolves to {token, last4, brand} and rejects with PayBuddy's errorCode."""
    node = shutil.which("node")
    assert node, "node (JavaScript) is needed to run the PayBuddy drop-in"
    script = resources.files("paybuddy").joinpath("static/paybuddy.js")
    process = await asyncio.create_subprocess_exec(
        node, "-e", _DRIVE_DROP_IN, str(script), served.url, json.dumps(card(VISA)),
        json.dumps(card(VISA, cvc="1")), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 0, err.decode()
    result = json.loads(out)
    assert result["card"]["token"].startswith("tok_")
    assert (result["card"]["last4"], result["card"]["brand"]) == ("4242", "visa")
    assert result["refusal"] == {"errorCode": "card_invalid", "message": "The security code must be 3 or 4 digits."}
