"""The HTTP API over the in-memory ledger, a fake PayBuddy and a fake catalog."""

import hashlib
import hmac
import json

import pytest
from starlette.testclient import TestClient

from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.payments.adapters.memory import InMemoryUnitOfWork
from musiccorp.payments.bootstrap import bootstrap
from musiccorp.payments.config import PaymentsSettings
from musiccorp.payments.entrypoints.api import create_app

ALBUM = "1f0c7d1e-8a53-5bd4-9c0e-6a8f0f3c2a11"
BODY = {"order_id": "order-1", "customer_id": "customer-1", "amount": {"amount": "19.98", "currency": "GBP"},
        "card_token": "tok_visa", "lines": [{"album_id": ALBUM, "quantity": 2,
                                             "unit_price": {"amount": "9.99", "currency": "GBP"}}]}


@pytest.fixture
def client(provider, catalog):
    ledger = InMemoryUnitOfWork()
    payments = bootstrap(PaymentsSettings(), uow=lambda: ledger, provider=provider, catalog=catalog,
                         registry=InMemoryRegistry())
    with TestClient(create_app(payments)) as client:
        yield client


def pay(client, body=None, key: str | None = "charge-order-1"):
    headers = {"Idempotency-Key": key} if key else {}
    return client.post("/v1/payments", json=body or BODY, headers=headers)


def assert_problem(response, status: int, slug: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == f"https://musiccorp.example/problems/{slug}"
    return body


def test_a_captured_payment_is_201_hal_with_location(client):
    """POST /v1/payments answers 201, the payment as HAL, and its Location."""
    response = pay(client)
    assert response.status_code == 201
    assert response.headers["content-type"] == "application/hal+json"
    body = response.json()
    assert response.headers["location"] == body["_links"]["self"]["href"] == f"/v1/payments/{body['id']}"
    assert (body["status"], body["amount"], body["provider_reference"]) == (
        "captured", {"amount": "19.98", "currency": "GBP"}, "ch_fake_1")
    assert client.get(body["_links"]["self"]["href"]).json() == body


def test_the_same_request_again_is_200_with_the_same_payment(client, provider):
    """A retry with the key gets 200 and the first answer; unknown fields do not change what the request is."""
    first = pay(client).json()
    again = pay(client, {**BODY, "note": "a field this reader does not know"})
    assert (again.status_code, again.json()) == (200, first)
    assert provider.charge_calls == 1


def test_without_an_idempotency_key_nothing_is_charged(client, provider):
    """400 idempotency-key-required, and PayBuddy is never asked."""
    assert_problem(pay(client, key=None), 400, "idempotency-key-required")
    assert provider.charge_calls == 0


def test_a_decline_is_402_payment_declined(client):
    """402 problem naming the reason and the recorded attempt, which GET /v1/payments?order_id= lists."""
    problem = assert_problem(pay(client, {**BODY, "card_token": "tok_declined"}), 402, "payment-declined")
    assert problem["reason"] == "the card was declined" and problem["instance"] == "/v1/payments"
    listed = client.get("/v1/payments", params={"order_id": "order-1"}).json()
    assert [(p["id"], p["status"]) for p in listed["_embedded"]["payments"]] == [(problem["payment_id"], "declined")]


@pytest.mark.parametrize(("fate", "status", "slug"), [("error", 502, "payment-provider-unavailable"),
                                                      ("timeout", 504, "payment-provider-timeout")])
def test_paybuddy_failing_is_502_and_timing_out_is_504(client, provider, fate, status, slug):
    """Both say: retry with the same key — which then completes the payment."""
    provider.script.append(fate)
    assert_problem(pay(client), status, slug)
    assert pay(client).status_code == 201
    assert len(provider.charges) == 1


@pytest.mark.parametrize("where", ["card_token", "extra", "nested"])
def test_a_card_number_anywhere_is_refused_unread(client, provider, where):
    """422 card-number-refused for a PAN in a field, in an unknown field, or deep in the body (9.6)."""
    body = {**BODY, "card_token": "4242 4242 4242 4242"} if where == "card_token" else \
        {**BODY, "card": {"number": "4242424242424242"}} if where == "extra" else \
        {**BODY, "lines": [{**BODY["lines"][0], "memo": ["4000000000000002"]}]}
    assert_problem(pay(client, body), 422, "card-number-refused")
    assert provider.charge_calls == 0


def test_lines_that_do_not_add_up_are_422(client):
    """The ledger balances: an amount other than the lines' total is refused."""
    problem = assert_problem(pay(client, {**BODY, "amount": {"amount": "20.00", "currency": "GBP"}}), 422,
                             "invalid-payment")
    assert "19.98" in problem["detail"]


def test_an_unknown_payment_is_404(client):
    assert_problem(client.get("/v1/payments/nope"), 404, "payment-not-found")


def test_a_refund_gives_the_money_back(client, provider):
    """POST /v1/refunds answers 201 refunded with the amount; the payment reads refunded."""
    payment = pay(client).json()
    response = client.post("/v1/refunds", json={"order_id": "order-1", "reason": "stock ran out"},
                           headers={"Idempotency-Key": "refund-order-1"})
    assert response.status_code == 201
    assert (response.json()["status"], response.json()["amount"]) == ("refunded", payment["amount"])
    assert client.get(f"/v1/payments/{payment['id']}").json()["status"] == "refunded"
    assert provider.reversals == ["ch_fake_1"]


def test_a_statement_names_the_albums(client, catalog):
    """GET /v1/statements/{customer_id}: lines with titles from the catalog."""
    pay(client)
    statement = client.get("/v1/statements/customer-1").json()
    assert [(line["title"], line["quantity"], line["line_total"]["amount"]) for line in statement["lines"]] == [
        ("Blue River", 2, "19.98")]


def _signed(document: dict, secret: str = "whsec_musiccorp_sandbox") -> dict:
    body = json.dumps(document).encode()
    return {"content": body, "headers": {
        "X-PayBuddy-Signature": "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest(),
        "Content-Type": "application/json"}}


def test_paybuddy_settlement_callbacks(client):
    """Signed: 200 settled (twice alike); about no payment of ours: 202 ignored; badly signed: 401."""
    payment = pay(client).json()
    notice = {"eventKind": "charge.settled", "chargeId": payment["provider_reference"]}
    for _ in range(2):
        answer = client.post("/v1/paybuddy/notifications", **_signed(notice))
        assert (answer.status_code, answer.json()) == (200, {"status": "settled", "payment_id": payment["id"]})
    ignored = client.post("/v1/paybuddy/notifications", **_signed({**notice, "chargeId": "ch_other"}))
    assert (ignored.status_code, ignored.json()) == (202, {"status": "ignored"})
    assert_problem(client.post("/v1/paybuddy/notifications", **_signed(notice, secret="forged")), 401,
                   "notification-unverified")
