"""MockTransport: the in-memory fake of the network, for tests of callers."""

import asyncio

import pytest

from musiccorp.chassis.correlation import correlation_scope
from musiccorp.chassis.discovery import InMemoryRegistry, Instance
from musiccorp.chassis.http import (
    CallTimeout,
    CircuitBreaker,
    CircuitState,
    ConnectionFailed,
    HttpClient,
    MockTransport,
    Response,
)


async def _client(handler, **options):
    registry = InMemoryRegistry()
    await registry.register(Instance(service="payments", instance_id="p1", url="http://payments.test"))
    transport = MockTransport(handler)
    return transport, HttpClient(transport=transport).for_service("payments", registry=registry, **options)


async def test_handler_answers_and_sees_the_request():
    """The handler's response is returned; the request it saw carries URL, body and headers."""
    transport, payments = await _client(lambda request: Response(201, {"Location": "/v1/charges/1"}, b""))
    with correlation_scope("c-1"):
        response = await payments.post("/v1/charges", json={"amount": 5})
    request = transport.requests[0]
    assert (response.status, response.headers["location"]) == (201, "/v1/charges/1")
    assert (request.url, request.body, request.headers["x-correlation-id"]) == (
        "http://payments.test/v1/charges", b'{"amount":5}', "c-1")


async def test_connection_error_from_handler_raises_connection_failed_and_counts():
    """A handler raising ConnectionError looks like a network failure to the client and its breaker."""
    def refuse(_request):
        raise ConnectionError("refused")

    breaker = CircuitBreaker(failure_threshold=1)
    _, payments = await _client(refuse, retries=0, breaker=breaker)
    with pytest.raises(ConnectionFailed, match="^payments: GET http://payments.test/v1/x failed: refused"):
        await payments.get("/v1/x")
    assert breaker.state is CircuitState.OPEN


async def test_slow_async_handler_times_out():
    """An async handler slower than the timeout raises CallTimeout."""
    async def hang(_request):
        await asyncio.Event().wait()

    _, payments = await _client(hang, retries=0, timeout=0.05)
    with pytest.raises(CallTimeout, match="within 0.05 s"):
        await payments.get("/v1/x")


async def test_cancelled_trial_call_frees_the_half_open_slot():
    """A half-open trial that the caller cancels does not leave the breaker stuck."""
    started = asyncio.Event()

    async def hang(_request):
        started.set()
        await asyncio.Event().wait()

    breaker = CircuitBreaker(failure_threshold=1, reset_timeout=0.0)
    breaker.record_failure()
    _, payments = await _client(hang, retries=0, breaker=breaker)
    call = asyncio.create_task(payments.get("/v1/x"))
    await started.wait()
    call.cancel()
    with pytest.raises(asyncio.CancelledError):
        await call
    assert breaker.allow()
