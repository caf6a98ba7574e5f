"""Payments against the real PayBuddy sandbox: the anti-corruption layer, the callbacks and the bad days.

The sandbox is another company's program: it runs as its own process
(``python -m paybuddy``) and is driven only through its documented HTTP API —
MusicCorp and a third party meet over the wire. The real payments app runs
under uvicorn in this test's event loop, and PayBuddy calls it back. A card is
tokenised as the shopper's browser would; payments only ever sees the token (9.6).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import aiohttp
import pytest
import uvicorn

from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.chassis.testing import eventually, free_port
from musiccorp.chassis.testing.databases import sqlite_url
from musiccorp.payments.adapters.memory import InMemoryCatalog
from musiccorp.payments.bootstrap import bootstrap
from musiccorp.payments.config import SANDBOX_API_KEY, SANDBOX_WEBHOOK_SECRET, PaymentsSettings
from musiccorp.payments.entrypoints.api import create_app

VISA, DECLINED = "4242 4242 4242 4242", "4000 0000 0000 0002"


@pytest.fixture(scope="module")
def sandbox() -> Iterator[str]:
    """``python -m paybuddy`` on a free port, for the module; its base URL once it answers ``/ping``."""
    port = free_port()
    credentials = {"PAYBUDDY_API_KEYS": SANDBOX_API_KEY, "PAYBUDDY_WEBHOOK_SECRET": SANDBOX_WEBHOOK_SECRET}
    process = subprocess.Popen([sys.executable, "-m", "paybuddy", "--port", str(port)],
                               env={**os.environ, **credentials}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{url}/ping", timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("the PayBuddy sandbox did not start") from None
            time.sleep(0.05)  # polling a starting process, with a deadline
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
async def paybuddy(sandbox):
    """A session on the sandbox, whose knobs are calm but for quick settlements and short held answers."""
    async with aiohttp.ClientSession(sandbox) as session:
        async with session.put("/admin/chaos", json={"settlementDelayMs": 50, "timeoutHoldMs": 2000}) as answer:
            assert answer.status == 200
        yield session, sandbox


@pytest.fixture
async def payments(paybuddy, tmp_path):
    """The real payments app, charging through the sandbox with a 0.5 s timeout; a client to it.

    The test migrates the ledger in-process and serves without the lifespan, whose isolated migration
    (a child process) would cost seconds per test.
    """
    _, paybuddy_url = paybuddy
    port = free_port()
    settings = PaymentsSettings(database_url=sqlite_url(tmp_path, "payments"), port=port, paybuddy_url=paybuddy_url,
                                paybuddy_timeout=0.5, paybuddy_api_key=SANDBOX_API_KEY,
                                paybuddy_webhook_secret=SANDBOX_WEBHOOK_SECRET, public_url="")
    wired = bootstrap(settings, catalog=InMemoryCatalog(), registry=InMemoryRegistry())
    await wired.runtime.database.migrate()
    server = uvicorn.Server(uvicorn.Config(create_app(wired), host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="off"))
    serving = asyncio.create_task(server.serve())
    await eventually(lambda: server.started or serving.done(), within=10, what="payments to start")
    async with aiohttp.ClientSession(f"http://127.0.0.1:{port}") as client:
        yield client
    server.should_exit = True
    await serving
    await wired.runtime.http.close()
    await wired.runtime.database.dispose()


async def token_for(paybuddy, number: str) -> str:
    """What the checkout page's drop-in script does: the card goes to PayBuddy, a token comes back."""
    session, _ = paybuddy
    card = {"number": number, "expMonth": 12, "expYear": 2035, "cvc": "123", "holderName": "Ada Lovelace"}
    async with session.post("/v2/tokens", json={"card": card}) as answer:
        return (await answer.json())["token"]


def body(order_id: str, token: str) -> dict:
    return {"order_id": order_id, "customer_id": "customer-1", "amount": {"amount": "19.98", "currency": "GBP"},
            "card_token": token, "lines": [{"album_id": "album-1", "quantity": 2,
                                            "unit_price": {"amount": "9.99", "currency": "GBP"}}]}


async def post(client, path: str, document: dict, key: str) -> tuple[int, dict]:
    async with client.post(path, json=document, headers={"Idempotency-Key": key}) as answer:
        return answer.status, await answer.json(content_type=None)


async def charges_at(paybuddy, order_id: str) -> list[dict]:
    session, _ = paybuddy
    async with session.get("/admin/charges") as answer:
        return [item for item in (await answer.json())["items"] if item["merchantReference"] == f"order-{order_id}"]


async def test_a_charge_is_captured_then_settled_by_paybuddys_signed_callback(paybuddy, payments):
    """201 captured with PayBuddy's charge id; the signed settlement callback then marks it settled."""
    status, payment = await post(payments, "/v1/payments", body("o-1", await token_for(paybuddy, VISA)), "k-1")
    assert (status, payment["status"], payment["provider_reference"][:3]) == (201, "captured", "ch_")

    async def settled() -> bool:
        async with payments.get(f"/v1/payments/{payment['id']}") as answer:
            return (await answer.json())["status"] == "settled"

    await eventually(settled, within=10, what="PayBuddy's settlement callback")


async def test_a_declined_card_is_402(paybuddy, payments):
    """PayBuddy's REFUSED card_declined is our 402 payment-declined, in words."""
    status, problem = await post(payments, "/v1/payments", body("o-2", await token_for(paybuddy, DECLINED)), "k-2")
    assert (status, problem["reason"]) == (402, "the card was declined")


async def test_a_lost_answer_is_504_then_one_charge_and_the_refund_reverses_it(paybuddy, payments):
    """PayBuddy takes the money but holds the answer: 504; the same key gets that charge; the refund finds it."""
    session, _ = paybuddy
    async with session.post("/admin/chaos/script", json={"next": ["timeout"]}) as answer:
        assert answer.status == 200
    document = body("o-3", await token_for(paybuddy, VISA))
    assert (await post(payments, "/v1/payments", document, "charge-o-3"))[0] == 504
    status, payment = await post(payments, "/v1/payments", document, "charge-o-3")
    assert (status, payment["status"]) == (201, "captured")
    [charge] = await charges_at(paybuddy, "o-3")
    assert charge["chargeId"] == payment["provider_reference"]

    status, refund = await post(payments, "/v1/refunds", {"order_id": "o-3", "reason": "out of stock"}, "refund-o-3")
    assert (status, refund["status"], refund["amount"]["amount"]) == (201, "refunded", "19.98")
    [charge] = await charges_at(paybuddy, "o-3")
    assert [reversal["amountMinor"] for reversal in charge["reversals"]] == [1998]


async def test_a_refund_after_a_timeout_with_no_retry_still_finds_the_charge(paybuddy, payments):
    """The saga gave up after the 504; its compensation asks PayBuddy by order and reverses what was taken."""
    session, _ = paybuddy
    async with session.post("/admin/chaos/script", json={"next": ["timeout"]}) as answer:
        assert answer.status == 200
    assert (await post(payments, "/v1/payments", body("o-4", await token_for(paybuddy, VISA)), "charge-o-4"))[0] == 504
    status, refund = await post(payments, "/v1/refunds", {"order_id": "o-4", "reason": "payment failed"}, "refund-o-4")
    assert (status, refund["status"]) == (201, "refunded")
    [charge] = await charges_at(paybuddy, "o-4")
    assert sum(reversal["amountMinor"] for reversal in charge["reversals"]) == charge["amountMinor"]
