"""The anti-corruption layer: PayBuddy's model in, the payments' own terms out (and back)."""

import asyncio
import hashlib

import orjson
import pytest
from multidict import CIMultiDict

from musiccorp.chassis.discovery import StaticRegistry
from musiccorp.chassis.http import HttpClient, MockTransport, Request, Response
from musiccorp.payments.adapters.paybuddy import PayBuddy
from musiccorp.payments.domain.charges import ChargeOutcome, ChargeRequest, ChargeState, ProviderCharge
from musiccorp.payments.domain.errors import ProviderTimedOut, ProviderUnavailable
from musiccorp.payments.domain.money import Money

CALLBACK = "http://payments.example/v1/paybuddy/notifications"
REQUEST = ChargeRequest(key="charge-o1", order_id="o1", amount=Money(1998), card_token="tok_visa")


def reply(status: int, document: dict) -> Response:
    return Response(status, CIMultiDict({"Content-Type": "application/json"}), orjson.dumps(document))


@pytest.fixture
def paybuddy():
    """``paybuddy(handler)``: the adapter on a chassis client whose transport answers with ``handler``."""
    clients: list[HttpClient] = []

    def make(handler, *, timeout: float = 1.0) -> tuple[PayBuddy, MockTransport]:
        transport = MockTransport(handler)
        http = HttpClient(transport=transport, propagators=())
        clients.append(http)
        client = http.for_service("paybuddy", registry=StaticRegistry({"paybuddy": "http://paybuddy.test"}),
                                  timeout=timeout, retries=1)
        return PayBuddy(client, api_key="pb_key", webhook_secrets=["s"], callback_url=CALLBACK,
                        charge_timeout=timeout), transport

    return make


async def test_a_charge_speaks_paybuddy_and_an_authorisation_is_a_capture(paybuddy):
    """camelCase minor units, merchantReference order-<id>, bearer key, a token derived from our key."""
    adapter, transport = paybuddy(lambda request: reply(200, {"chargeId": "ch_1", "state": "AUTHORISED",
                                                              "refusalReason": None}))
    assert await adapter.charge(REQUEST) == ChargeOutcome.capture("ch_1")
    [sent] = transport.requests
    assert (sent.method, sent.url) == ("POST", "http://paybuddy.test/v2/charges")
    assert orjson.loads(sent.body) == {"amountMinor": 1998, "currencyCode": "GBP", "sourceToken": "tok_visa",
                                       "merchantReference": "order-o1", "callbackUrl": CALLBACK}
    assert sent.headers["Authorization"] == "Bearer pb_key"
    assert sent.headers["Idempotency-Token"] == hashlib.sha256(b"musiccorp-payments/charge/charge-o1").hexdigest()
    assert "Idempotency-Key" not in sent.headers


@pytest.mark.parametrize(("code", "reason"), [("card_declined", "the card was declined"),
                                              ("insufficient_funds", "insufficient funds"),
                                              ("do_not_honour", "do not honour")])
async def test_a_refusal_is_a_decline_in_words(paybuddy, code, reason):
    """REFUSED with a refusalReason code becomes a decline a person can read, keeping the charge id."""
    adapter, _ = paybuddy(lambda request: reply(200, {"chargeId": "ch_2", "state": "REFUSED",
                                                      "refusalReason": code}))
    assert await adapter.charge(REQUEST) == ChargeOutcome.decline(reason, reference="ch_2")


async def test_an_unknown_card_token_is_a_decline(paybuddy):
    """PayBuddy's 400 token_unknown means this card cannot pay: a decline, not our failure."""
    adapter, _ = paybuddy(lambda request: reply(400, {"errorCode": "token_unknown", "errorMessage": "No card"}))
    outcome = await adapter.charge(REQUEST)
    assert not outcome.captured and "unknown" in outcome.decline_reason


@pytest.mark.parametrize("answer", [reply(503, {"errorCode": "service_unavailable", "errorMessage": "down"}),
                                    reply(401, {"errorCode": "unauthorised", "errorMessage": "key"}),
                                    reply(200, {"state": "PENDING_3DS"}),
                                    Response(502, CIMultiDict(), b"<html>bad gateway</html>")])
async def test_errors_and_answers_we_cannot_use_are_provider_unavailable(paybuddy, answer):
    """A 5xx, a refused request, an unknown state or a non-PayBuddy body: ProviderUnavailable (a 502 for us)."""
    adapter, _ = paybuddy(lambda request: answer)
    with pytest.raises(ProviderUnavailable):
        await adapter.charge(REQUEST)


async def test_no_answer_in_time_is_provider_timed_out(paybuddy):
    """A charge PayBuddy sits on past the timeout is ProviderTimedOut: taken or not, we cannot tell."""
    async def silent(request: Request) -> Response:
        await asyncio.sleep(10)
        raise AssertionError("unreachable")

    adapter, transport = paybuddy(silent, timeout=0.05)
    with pytest.raises(ProviderTimedOut):
        await adapter.charge(REQUEST)
    assert len(transport.requests) == 1  # a charge is never re-sent by the client itself


async def test_charges_for_an_order_are_looked_up_by_merchant_reference(paybuddy):
    """Authorised, refused and fully reversed charges become taken, refused and reversed."""
    items = [
        {"chargeId": "ch_1", "state": "AUTHORISED", "amountMinor": 1998, "currencyCode": "GBP", "reversals": []},
        {"chargeId": "ch_2", "state": "REFUSED", "amountMinor": 1998, "currencyCode": "GBP", "reversals": []},
        {"chargeId": "ch_3", "state": "AUTHORISED", "amountMinor": 500, "currencyCode": "GBP",
         "reversals": [{"reversalId": "rv_1", "amountMinor": 500, "state": "REVERSED"}]},
    ]
    adapter, transport = paybuddy(lambda request: reply(200, {"items": items, "count": 3}))
    assert await adapter.charges_for("o1") == [ProviderCharge("ch_1", Money(1998), ChargeState.TAKEN),
                                               ProviderCharge("ch_2", Money(1998), ChargeState.REFUSED),
                                               ProviderCharge("ch_3", Money(500), ChargeState.REVERSED)]
    assert transport.requests[0].params == {"merchantReference": "order-o1"}


async def test_reversing_is_idempotent_and_nothing_left_is_success(paybuddy):
    """A reversal carries its own token; 'nothing left to reverse' means it happened already."""
    answers = iter([reply(200, {"reversalId": "rv_1", "state": "REVERSED"}),
                    reply(409, {"errorCode": "reversal_exceeds_charge", "errorMessage": "Only 0 left"}),
                    reply(409, {"errorCode": "idempotency_token_reused", "errorMessage": "another body"})])
    adapter, transport = paybuddy(lambda request: next(answers))
    await adapter.reverse("ch_1")
    await adapter.reverse("ch_1")
    with pytest.raises(ProviderUnavailable):
        await adapter.reverse("ch_1")
    assert transport.requests[0].url == "http://paybuddy.test/v2/charges/ch_1/reversals"
    assert transport.requests[0].headers["Idempotency-Token"] == transport.requests[1].headers["Idempotency-Token"]
