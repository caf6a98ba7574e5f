"""Test support shipped with the chassis, like nameko's pytest plugin.

- :func:`running_nats_server` — a real ``nats-server`` with JetStream on a free port;
- :class:`StubServer` — a real HTTP server standing in for a downstream, programmed per route;
- :class:`FakeClock` — time that passes when the test says so (breakers, caches);
- :class:`FakeUtcClock` — the wall clock (UTC) a service's use cases read, moved by the test;
- :func:`eventually` — poll a condition with a deadline instead of sleeping;
- :func:`outbox_rows`, :func:`inbox_rows`, :class:`FakeDelivery`, :class:`InMemoryPublisher` — for events.

The pytest plugin (:mod:`musiccorp.chassis.testing.pytest_plugin`, installed as
an entry point) turns these into fixtures: ``nats_url``, ``unique_name``,
``stub_server``, ``fake_clock``, ``clock`` (a :class:`FakeUtcClock`), ``registry``,
``http_client``, and ``database`` (a service's schema on SQLite and PostgreSQL).

>>> async def test_album_page(stub_server, registry, http_client):  # doctest: +SKIP
...     stub_server.reply("GET", "/v1/albums/7", json={"title": "Abbey Road"})
...     await registry.register(Instance(service="catalog", instance_id="c1", url=stub_server.url))
...     catalog = http_client.for_service("catalog", registry=registry)
...     assert (await catalog.get("/v1/albums/7")).json()["title"] == "Abbey Road"
"""

from musiccorp.chassis.events import InMemoryPublisher
from musiccorp.chassis.testing._clock import FakeClock, FakeUtcClock
from musiccorp.chassis.testing._events import FakeDelivery, OutboxRow, create_event_tables, inbox_rows, outbox_rows
from musiccorp.chassis.testing._nats_server import free_port, running_nats_server
from musiccorp.chassis.testing._stub import RecordedRequest, StubServer
from musiccorp.chassis.testing._wait import eventually

__all__ = [
    "FakeClock",
    "FakeDelivery",
    "FakeUtcClock",
    "InMemoryPublisher",
    "OutboxRow",
    "RecordedRequest",
    "StubServer",
    "create_event_tables",
    "eventually",
    "free_port",
    "inbox_rows",
    "outbox_rows",
    "running_nats_server",
]
