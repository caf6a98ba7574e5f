"""The HTTP client against real stub servers: balancing, timeouts, headers, metrics."""

import asyncio

import pytest
from prometheus_client import REGISTRY

from musiccorp.chassis.correlation import correlation_scope
from musiccorp.chassis.discovery import Instance
from musiccorp.chassis.http import CallTimeout, HttpClient, NoLiveInstance, UnexpectedAnswer
from musiccorp.chassis.testing import StubServer


async def _announce(registry, service, *stubs):
    for n, stub in enumerate(stubs):
        await registry.register(Instance(service=service, instance_id=f"{service}-{n}", url=stub.url))


async def test_calls_are_spread_round_robin_over_instances(registry, http_client):
    """Four calls to a service with two instances reach each instance twice."""
    async with StubServer() as one, StubServer() as two:
        for stub in (one, two):
            stub.reply("GET", "/v1/albums", json=[])
        await _announce(registry, "albums", one, two)
        albums = http_client.for_service("albums", registry=registry)
        for _ in range(4):
            assert (await albums.get("/v1/albums")).status == 200
        assert (len(one.requests), len(two.requests)) == (2, 2)


async def test_slow_downstream_raises_call_timeout_naming_it(stub_server, registry, http_client):
    """A downstream slower than the timeout raises CallTimeout, whose message names it."""
    never = asyncio.Event()
    stub_server.reply("GET", "/v1/slow", gate=never)
    await _announce(registry, "albums", stub_server)
    albums = http_client.for_service("albums", registry=registry, timeout=0.2, retries=0)
    with pytest.raises(CallTimeout, match="^albums: "):
        await albums.get("/v1/slow")
    never.set()


async def test_correlation_id_is_propagated(stub_server, registry, http_client):
    """The correlation id of the work in progress reaches the downstream as X-Correlation-ID."""
    stub_server.reply("GET", "/v1/albums", json=[])
    await _announce(registry, "albums", stub_server)
    albums = http_client.for_service("albums", registry=registry)
    with correlation_scope("journey-42"):
        await albums.get("/v1/albums")
    assert stub_server.requests[0].headers["X-Correlation-ID"] == "journey-42"


async def test_trace_context_is_propagated(stub_server, registry, http_client):
    """An active OpenTelemetry span context reaches the downstream as W3C traceparent."""
    from opentelemetry import context, trace

    span = trace.NonRecordingSpan(trace.SpanContext(trace_id=0x1234, span_id=0x5678, is_remote=False,
                                                    trace_flags=trace.TraceFlags(1)))
    stub_server.reply("GET", "/v1/albums", json=[])
    await _announce(registry, "albums", stub_server)
    albums = http_client.for_service("albums", registry=registry)
    token = context.attach(trace.set_span_in_context(span))
    try:
        await albums.get("/v1/albums")
    finally:
        context.detach(token)
    assert stub_server.requests[0].headers["traceparent"] == f"00-{0x1234:032x}-{0x5678:016x}-01"


async def test_non_2xx_is_returned_not_raised(stub_server, registry, http_client):
    """A 404 comes back as a Response with its status and body."""
    stub_server.reply("GET", "/v1/albums/9", status=404, json={"title": "Not Found"})
    await _announce(registry, "albums", stub_server)
    response = await http_client.for_service("albums", registry=registry).get("/v1/albums/9")
    assert (response.status, response.json()) == (404, {"title": "Not Found"})


async def test_a_document_is_read_by_reference(stub_server, registry, http_client):
    """get_document gives the JSON of a 200 and None for a 404: the resource is there, or it is not."""
    stub_server.reply("GET", "/v1/albums/7", json={"title": "Help!"})
    stub_server.reply("GET", "/v1/albums/9", status=404, json={"title": "Not Found"})
    await _announce(registry, "albums", stub_server)
    albums = http_client.for_service("albums", registry=registry)
    assert await albums.get_document("/v1/albums/7") == {"title": "Help!"}
    assert await albums.get_document("/v1/albums/9") is None


@pytest.mark.parametrize(("status", "body", "detail"), [
    (500, b'{"title": "Oops"}', "GET /v1/albums/7 answered 500"),
    (200, b"<html>", "GET /v1/albums/7 sent a body that is not JSON"),
])
async def test_a_document_answered_otherwise_is_unexpected(stub_server, registry, http_client, status, body, detail):
    """Any other status than 200 or 404, or a body that is not JSON, raises UnexpectedAnswer naming the call."""
    stub_server.reply("GET", "/v1/albums/7", status=status, body=body)
    await _announce(registry, "albums", stub_server)
    albums = http_client.for_service("albums", registry=registry, retries=0)
    with pytest.raises(UnexpectedAnswer, match=f"^albums: {detail}$"):
        await albums.get_document("/v1/albums/7")


async def test_json_body_and_params_are_sent(stub_server, registry, http_client):
    """``json=`` is sent as an application/json body and ``params`` as the query string."""
    stub_server.reply("PUT", "/v1/albums/7", status=204)
    await _announce(registry, "albums", stub_server)
    albums = http_client.for_service("albums", registry=registry)
    await albums.put("/v1/albums/7", json={"title": "Help!"}, params={"notify": "no"})
    sent = stub_server.requests[0]
    assert (sent.body, sent.headers["Content-Type"], sent.query["notify"]) == (
        b'{"title":"Help!"}', "application/json", "no")


async def test_unknown_service_raises_no_live_instance(registry, http_client):
    """Calling a service with no live instance raises NoLiveInstance, naming it."""
    with pytest.raises(NoLiveInstance, match="^albums: no live instance"):
        await http_client.for_service("albums", registry=registry).get("/v1/albums")


async def test_for_service_is_memoised_per_name(registry):
    """Asking twice for the same downstream gives the same client."""
    http = HttpClient()
    assert http.for_service("albums", registry=registry) is http.for_service("albums", registry=registry)
    await http.close()


async def test_calls_are_counted_per_downstream_method_and_status(stub_server, registry, http_client,
                                                                   unique_name):
    """Each call increments the requests counter and the duration histogram of its downstream."""
    stub_server.reply("GET", "/v1/albums", json=[])
    await _announce(registry, unique_name, stub_server)
    await http_client.for_service(unique_name, registry=registry).get("/v1/albums")
    labels = {"downstream": unique_name, "method": "GET"}
    assert REGISTRY.get_sample_value("musiccorp_http_client_requests_total", {**labels, "status": "200"}) == 1
    assert REGISTRY.get_sample_value("musiccorp_http_client_request_duration_seconds_count", labels) == 1


async def test_session_is_reopened_after_close(stub_server, registry):
    """A client closed and used again opens a fresh connection pool."""
    stub_server.reply("GET", "/v1/albums", json=[])
    await _announce(registry, "albums", stub_server)
    http = HttpClient()
    albums = http.for_service("albums", registry=registry)
    await albums.get("/v1/albums")
    await http.close()
    assert (await albums.get("/v1/albums")).status == 200
    await http.close()
