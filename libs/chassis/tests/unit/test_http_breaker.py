"""The circuit breaker, alone with a fake clock and in front of a real stub server."""

import pytest
from prometheus_client import REGISTRY

from musiccorp.chassis.discovery import Instance
from musiccorp.chassis.http import CircuitBreaker, CircuitOpen, CircuitState


def test_breaker_opens_after_threshold_consecutive_failures(fake_clock):
    """N consecutive failures open the breaker; then no call is allowed."""
    breaker = CircuitBreaker(failure_threshold=3, clock=fake_clock)
    for _ in range(3):
        assert breaker.allow()
        breaker.record_failure()
    assert (breaker.state, breaker.allow()) == (CircuitState.OPEN, False)


def test_a_success_resets_the_failure_count(fake_clock):
    """Failures must be consecutive: a success in between starts the count again."""
    breaker = CircuitBreaker(failure_threshold=2, clock=fake_clock)
    breaker.record_failure()
    breaker.record_success()
    breaker.record_failure()
    assert breaker.state is CircuitState.CLOSED


def test_half_open_lets_exactly_one_trial_through(fake_clock):
    """After the reset timeout one trial call is allowed, and no other until it ends."""
    breaker = CircuitBreaker(failure_threshold=1, reset_timeout=5.0, clock=fake_clock)
    breaker.record_failure()
    fake_clock.advance(4.9)
    assert not breaker.allow()
    fake_clock.advance(0.1)
    assert (breaker.allow(), breaker.state, breaker.allow()) == (True, CircuitState.HALF_OPEN, False)


def test_failed_trial_opens_the_breaker_again(fake_clock):
    """A failing trial call reopens the breaker for another reset timeout."""
    breaker = CircuitBreaker(failure_threshold=1, reset_timeout=5.0, clock=fake_clock)
    breaker.record_failure()
    fake_clock.advance(5.0)
    breaker.allow()
    breaker.record_failure()
    assert (breaker.state, breaker.allow(), breaker.retry_after()) == (CircuitState.OPEN, False, 5.0)


def test_released_trial_lets_another_trial_through(fake_clock):
    """A trial that ends without a verdict (cancelled) frees the slot for the next caller."""
    breaker = CircuitBreaker(failure_threshold=1, reset_timeout=5.0, clock=fake_clock)
    breaker.record_failure()
    fake_clock.advance(5.0)
    breaker.allow()
    breaker.release()
    assert breaker.allow()


async def _client(http_client, registry, stub, breaker, name="catalog"):
    await registry.register(Instance(service=name, instance_id=f"{name}-1", url=stub.url))
    return http_client.for_service(name, registry=registry, retries=0, breaker=breaker)


async def test_open_breaker_fails_fast_without_a_network_call(stub_server, registry, http_client, fake_clock):
    """After N failing calls the next raises CircuitOpen and the downstream sees no request."""
    stub_server.reply("GET", "/v1/albums", status=500)
    catalog = await _client(http_client, registry, stub_server,
                            CircuitBreaker(failure_threshold=3, clock=fake_clock))
    for _ in range(3):
        assert (await catalog.get("/v1/albums")).status == 500
    with pytest.raises(CircuitOpen, match="^catalog: circuit open"):
        await catalog.get("/v1/albums")
    assert len(stub_server.requests) == 3


async def test_breaker_half_opens_after_reset_and_closes_on_success(stub_server, registry, http_client,
                                                                   fake_clock):
    """Once the reset timeout has passed, a successful trial call closes the breaker."""
    stub_server.reply("GET", "/v1/albums", status=503, times=3)
    stub_server.reply("GET", "/v1/albums", json=[])
    breaker = CircuitBreaker(failure_threshold=3, reset_timeout=5.0, clock=fake_clock)
    catalog = await _client(http_client, registry, stub_server, breaker)
    for _ in range(3):
        await catalog.get("/v1/albums")
    assert breaker.state is CircuitState.OPEN
    fake_clock.advance(5.0)
    assert (await catalog.get("/v1/albums")).status == 200
    assert breaker.state is CircuitState.CLOSED


async def test_client_errors_do_not_open_the_breaker(stub_server, registry, http_client, fake_clock):
    """4xx answers mean the downstream is healthy: they never count as failures."""
    stub_server.reply("GET", "/v1/albums/0", status=404)
    breaker = CircuitBreaker(failure_threshold=2, clock=fake_clock)
    catalog = await _client(http_client, registry, stub_server, breaker)
    for _ in range(5):
        await catalog.get("/v1/albums/0")
    assert breaker.state is CircuitState.CLOSED


async def test_circuit_state_is_exported_as_a_gauge(stub_server, registry, http_client, fake_clock,
                                                    unique_name):
    """The circuit_state gauge reads 2 while the breaker is open."""
    stub_server.reply("GET", "/v1/albums", status=503)
    catalog = await _client(http_client, registry, stub_server,
                            CircuitBreaker(failure_threshold=1, clock=fake_clock), name=unique_name)
    await catalog.get("/v1/albums")
    assert REGISTRY.get_sample_value("musiccorp_http_client_circuit_state", {"downstream": unique_name}) == 2
