"""Provider verification: the sandbox honours every contract a merchant published with PayBuddy (practice 7.8).

Each ``contracts/pacts/*-paybuddy.json`` is replayed against the real sandbox
app on a real port. Provider states are the ones merchants are promised (see
ADR 0006): "a valid card token" {token}, "a card token for a declined card"
{token}, "a charge exists" {chargeId, merchantReference}.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable
from pathlib import Path

from pact import Pact, Verifier, match
from paybuddy.cards import CardDetails

PACTS = Path(__file__).resolve().parents[3] / "contracts" / "pacts"
VISA = CardDetails(brand="visa", last4="4242", exp_month=12, exp_year=2035)
DECLINED = CardDetails(brand="visa", last4="0002", exp_month=12, exp_year=2035, refusal="card_declined")
MERCHANT = {"Authorization": "Bearer pb_test_musiccorp", "Content-Type": "application/json"}


def provider_states(served) -> dict[str, Callable[..., None]]:
    """Handlers that put the sandbox into each promised state; teardown forgets charges and chaos."""
    sandbox = served.sandbox

    def forget() -> None:
        sandbox.ledger.clear_charges()
        sandbox.idempotency.clear()
        sandbox.chaos.reset()

    def card_token(card: CardDetails) -> Callable[..., None]:
        def handler(action: str, parameters: dict | None = None) -> None:
            if action == "setup":
                served.call(lambda: sandbox.ledger.issue_token(card, token=parameters["token"]))
            else:
                served.call(forget)

        return handler

    def charge_exists(action: str, parameters: dict | None = None) -> None:
        if action != "setup":
            served.call(forget)
            return

        def record() -> None:
            token = sandbox.ledger.issue_token(VISA)
            sandbox.ledger.record_charge(
                token=token, charge_id=parameters["chargeId"], merchant_reference=parameters["merchantReference"],
                amount_minor=int(parameters.get("amountMinor", 1998)),
                currency_code=parameters.get("currencyCode", "GBP"))

        served.call(record)

    return {
        "a valid card token": card_token(VISA),
        "a card token for a declined card": card_token(DECLINED),
        "a charge exists": charge_exists,
    }


def verify(served, contracts: list[Path]) -> None:
    verifier = (Verifier("paybuddy", host="127.0.0.1").add_transport(url=served.url)
                .state_handler(provider_states(served), teardown=True))
    for contract in contracts:
        verifier.add_source(contract)
    verifier.verify()


def test_paybuddy_honours_its_merchants_contracts(served):
    """Every interaction of every pact naming PayBuddy as provider replays green against the sandbox."""
    contracts = sorted(PACTS.glob("*-paybuddy.json"))
    assert contracts, (f"no merchant has published a contract with PayBuddy: {PACTS}/*-paybuddy.json is missing "
                       "(payments' consumer test writes payments-paybuddy.json; run `make pacts`)")
    verify(served, contracts)


def _send(base: str, method: str, path: str, body: dict | None = None, headers: dict | None = None) -> dict:
    request = urllib.request.Request(base + path, method=method, headers=headers or {},
                                     data=None if body is None else json.dumps(body).encode())
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def test_the_promised_provider_states_verify(served, tmp_path):
    """A merchant's pact using each promised state verifies: the handlers and the verifier are wired right."""
    pact = Pact("merchant", "paybuddy").with_specification("V4")
    charge = {"amountMinor": 1998, "currencyCode": "GBP", "merchantReference": "order-1"}
    for state, token, answer in [("a valid card token", "tok_visa", {"state": "AUTHORISED", "refusalReason": None}),
                                 ("a card token for a declined card", "tok_declined",
                                  {"state": "REFUSED", "refusalReason": "card_declined"})]:
        (pact.upon_receiving(f"a charge given {state}").given(state, {"token": token})
            .with_request("POST", "/v2/charges").with_headers({**MERCHANT, "Idempotency-Token": f"charge-{token}"})
            .with_body({**charge, "sourceToken": token}, content_type="application/json")
            .will_respond_with(200).with_body({"chargeId": match.like("ch_1"), "amountMinor": 1998, **answer},
                                              content_type="application/json"))
    existing = {"chargeId": "ch_pact_1", "merchantReference": "order-2"}
    (pact.upon_receiving("a search by merchant reference").given("a charge exists", existing)
        .with_request("GET", "/v2/charges").with_query_parameter("merchantReference", "order-2")
        .with_headers(MERCHANT)
        .will_respond_with(200).with_body({"items": [{**existing, "state": "AUTHORISED"}], "count": 1},
                                          content_type="application/json"))
    (pact.upon_receiving("a full reversal").given("a charge exists", existing)
        .with_request("POST", "/v2/charges/ch_pact_1/reversals").with_headers(MERCHANT)
        .with_body({}, content_type="application/json")
        .will_respond_with(200).with_body({"chargeId": "ch_pact_1", "state": "REVERSED",
                                           "reversalId": match.like("rv_1")}, content_type="application/json"))
    with pact.serve() as mock:
        base = str(mock.url)
        for token in ("tok_visa", "tok_declined"):
            _send(base, "POST", "/v2/charges", {**charge, "sourceToken": token},
                  {**MERCHANT, "Idempotency-Token": f"charge-{token}"})
        _send(base, "GET", "/v2/charges?merchantReference=order-2", headers=MERCHANT)
        _send(base, "POST", "/v2/charges/ch_pact_1/reversals", {}, MERCHANT)
    pact.write_file(tmp_path)
    verify(served, [tmp_path / "merchant-paybuddy.json"])
