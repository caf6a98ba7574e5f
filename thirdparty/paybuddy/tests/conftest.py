"""Fixtures: a fresh sandbox per test, driven over HTTP by aiohttp's test client, and a callback receiver."""

from __future__ import annotations

import asyncio
import random
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from paybuddy import SANDBOX, Sandbox, SandboxConfig, create_app

API_KEY = "pb_test_musiccorp"
MERCHANT = {"Authorization": f"Bearer {API_KEY}"}
VISA = "4242 4242 4242 4242"
DECLINED = "4000 0000 0000 0002"
NO_FUNDS = "4000 0000 0000 9995"


def _card(number: str = VISA, /, **changes: object) -> dict:
    return {"number": number, "expMonth": 12, "expYear": 2035, "cvc": "123", "holderName": "Ada Lovelace",
            **changes}


def _charge_body(token: str, **changes: object) -> dict:
    return {"amountMinor": 1998, "currencyCode": "GBP", "sourceToken": token, "merchantReference": "order-1",
            **changes}


@pytest.fixture
def card() -> Callable[..., dict]:
    """``card(number, **changes)``: a card as a checkout form sends it, valid unless ``changes`` say otherwise."""
    return _card


@pytest.fixture
def charge_body() -> Callable[..., dict]:
    """``charge_body(token, **changes)``: a ``POST /v2/charges`` body of 19.98 GBP under ``order-1``."""
    return _charge_body


@pytest.fixture
def merchant() -> dict[str, str]:
    """The headers of a merchant with the sandbox's default API key."""
    return dict(MERCHANT)


@pytest.fixture
def sandbox_app() -> web.Application:
    """A sandbox whose random chaos draws are repeatable."""
    return create_app(SandboxConfig(), rng=random.Random(4))


@pytest.fixture
def sandbox(sandbox_app: web.Application) -> Sandbox:
    return sandbox_app[SANDBOX]


@pytest.fixture
async def client(sandbox_app: web.Application) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(sandbox_app)) as test_client:
        yield test_client


@pytest.fixture
def tokenise(client: TestClient) -> Callable[..., Awaitable[str]]:
    """``await tokenise(number)``: a token for a valid card with that number."""

    async def make(number: str = VISA) -> str:
        response = await client.post("/v2/tokens", json={"card": _card(number)})
        assert response.status == 201, await response.text()
        return (await response.json())["token"]

    return make


@pytest.fixture
def charge(client: TestClient, tokenise) -> Callable[..., Awaitable[tuple[int, dict]]]:
    """``await charge(number, idempotency_token=..., **body)``: (status, JSON) of charging a fresh token."""

    async def make(number: str = VISA, *, idempotency_token: str | None = None, **changes: object):
        headers = {**MERCHANT, **({"Idempotency-Token": idempotency_token} if idempotency_token else {})}
        body = _charge_body(await tokenise(number), **changes)
        response = await client.post("/v2/charges", json=body, headers=headers)
        return response.status, await response.json()

    return make


async def until(check: Callable[[], object], *, within: float = 10.0) -> object:
    """Poll ``check`` on the loop until it is truthy; fail at the deadline (no fixed sleeps)."""
    deadline = time.monotonic() + within
    while not (result := check()):
        if time.monotonic() >= deadline:
            pytest.fail(f"condition not met within {within}s")
        await asyncio.sleep(0.01)
    return result


@pytest.fixture
def wait_for() -> Callable[..., Awaitable[object]]:
    return until


@dataclass
class Receiver:
    """A merchant's callback endpoint: it records what arrives and fails the first ``failures`` calls."""

    url: str = ""
    failures: int = 0
    received: list[tuple[bytes, dict[str, str]]] = field(default_factory=list)
    attempts: int = 0


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    state = Receiver()

    async def callback(request: web.Request) -> web.Response:
        state.attempts += 1
        if state.attempts <= state.failures:
            return web.Response(status=500)
        state.received.append((await request.read(), dict(request.headers)))
        return web.Response(status=204)

    app = web.Application()
    app.router.add_post("/callbacks", callback)
    async with TestServer(app) as server:
        state.url = str(server.make_url("/callbacks"))
        yield state


@dataclass(frozen=True)
class Served:
    """A sandbox on a real port in its own thread: for clients that are not on this loop (Pact, node)."""

    url: str
    sandbox: Sandbox
    loop: asyncio.AbstractEventLoop

    def call(self, change: Callable[[], object]) -> object:
        """Run ``change`` on the sandbox's loop (its state belongs to that thread) and return its result."""

        async def run() -> object:
            return change()

        return asyncio.run_coroutine_threadsafe(run(), self.loop).result(timeout=10)


@pytest.fixture
def served() -> Iterator[Served]:
    app = create_app(SandboxConfig())
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(app, access_log=None)
    ready = threading.Event()
    sockets: list = []

    async def start() -> None:
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        sockets.extend(runner.addresses)
        ready.set()

    thread = threading.Thread(target=lambda: (loop.run_until_complete(start()), loop.run_forever()), daemon=True)
    thread.start()
    assert ready.wait(10), "the sandbox did not start"
    host, port = sockets[0][:2]
    yield Served(f"http://{host}:{port}", app[SANDBOX], loop)
    asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(timeout=10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(timeout=10)
    loop.close()
