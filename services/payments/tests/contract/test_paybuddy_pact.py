"""Consumer-driven contract: what payments needs from PayBuddy (practice 7.8).

The real anti-corruption layer (``adapters/paybuddy.py`` on the chassis client)
talks to a Pact mock of PayBuddy; the interactions become the committed
contract ``contracts/pacts/payments-paybuddy.json``, which the sandbox's own
provider test replays against PayBuddy's sandbox. Provider states are the ones
PayBuddy promises merchants (ADR 0006).
"""

from __future__ import annotations

from pathlib import Path

from pact import Pact, match

from musiccorp.chassis.discovery import StaticRegistry
from musiccorp.chassis.http import HttpClient
from musiccorp.chassis.testing.pacts import publish_pact
from musiccorp.payments.adapters.paybuddy import PayBuddy, idempotency_token
from musiccorp.payments.domain.charges import ChargeOutcome, ChargeRequest, ChargeState, ProviderCharge
from musiccorp.payments.domain.money import Money

CONTRACTS = Path(__file__).resolve().parents[4] / "contracts" / "pacts"
API_KEY = "pb_test_musiccorp"
CALLBACK = "http://127.0.0.1:9/v1/paybuddy/notifications"  # nothing listens: the sandbox's callback just fails
ORDER_ID = "7a1f3c5e-2b4d-4e6f-8a0b-1c2d3e4f5a6b"
CHARGE_ID = "ch_0f1e2d3c4b5a69788796a5b4"
TOKEN_PATTERN = r"^[0-9a-f]{64}$"


def charge_request(token: str) -> ChargeRequest:
    return ChargeRequest(key=f"charge-{ORDER_ID}", order_id=ORDER_ID, amount=Money(1998), card_token=token)


def _charge_interaction(pact: Pact, state: str, token: str, answer: dict) -> None:
    body = {"amountMinor": 1998, "currencyCode": "GBP", "sourceToken": token,
            "merchantReference": f"order-{ORDER_ID}", "callbackUrl": CALLBACK}
    (pact.upon_receiving(f"a charge of a card token, given {state}")
        .given(state, {"token": token})
        .with_request("POST", "/v2/charges")
        .with_headers({"Authorization": f"Bearer {API_KEY}", "Idempotency-Token": match.regex(
            idempotency_token("charge", f"charge-{ORDER_ID}"), regex=TOKEN_PATTERN)})
        .with_body(body, content_type="application/json")
        .will_respond_with(200).with_body({"chargeId": match.regex("ch_1", regex=r"^ch_\w+$"), **answer},
                                          content_type="application/json"))


async def test_payments_contract_with_paybuddy(tmp_path):
    """Charge (authorised and refused), find the charges of an order, and reverse one."""
    pact = Pact("payments", "paybuddy").with_specification("V4")
    _charge_interaction(pact, "a valid card token", "tok_pact_visa", {"state": "AUTHORISED"})
    _charge_interaction(pact, "a card token for a declined card", "tok_pact_declined",
                        {"state": "REFUSED", "refusalReason": match.like("card_declined")})
    existing = {"chargeId": CHARGE_ID, "merchantReference": f"order-{ORDER_ID}"}
    (pact.upon_receiving("a search for the charges of an order")
        .given("a charge exists", existing)
        .with_request("GET", "/v2/charges").with_query_parameter("merchantReference", f"order-{ORDER_ID}")
        .with_headers({"Authorization": f"Bearer {API_KEY}"})
        .will_respond_with(200).with_body({"items": match.each_like({
            "chargeId": CHARGE_ID, "state": "AUTHORISED", "amountMinor": match.int(1998),
            "currencyCode": match.regex("GBP", regex=r"^[A-Z]{3}$"), "reversals": []}, min=1)},
            content_type="application/json"))
    (pact.upon_receiving("a reversal of a whole charge")
        .given("a charge exists", existing)
        .with_request("POST", f"/v2/charges/{CHARGE_ID}/reversals")
        .with_headers({"Authorization": f"Bearer {API_KEY}", "Idempotency-Token": match.regex(
            idempotency_token("reversal", CHARGE_ID), regex=TOKEN_PATTERN)})
        .will_respond_with(200).with_body({"chargeId": CHARGE_ID, "state": "REVERSED"},
                                          content_type="application/json"))

    with pact.serve() as server:
        http = HttpClient()
        client = http.for_service("paybuddy", registry=StaticRegistry({"paybuddy": str(server.url)}), timeout=5.0,
                                  retries=0)
        paybuddy = PayBuddy(client, api_key=API_KEY, webhook_secrets=["unused"], callback_url=CALLBACK,
                            charge_timeout=5.0)
        try:
            authorised = await paybuddy.charge(charge_request("tok_pact_visa"))
            refused = await paybuddy.charge(charge_request("tok_pact_declined"))
            found = await paybuddy.charges_for(ORDER_ID)
            await paybuddy.reverse(CHARGE_ID)
        finally:
            await http.close()

    assert authorised == ChargeOutcome.capture("ch_1")
    assert refused == ChargeOutcome.decline("the card was declined", reference="ch_1")
    assert found == [ProviderCharge(CHARGE_ID, Money(1998), ChargeState.TAKEN)]
    publish_pact(pact, contracts=CONTRACTS, scratch=tmp_path)
