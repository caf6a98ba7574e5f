"""Service discovery: services find each other by name, never by a hard-coded address.

A service announces each of its running instances to a :class:`ServiceRegistry`
and resolves the instances of the services it calls by name, before every call.
Several instances of one service may be live at once; the HTTP client spreads
calls across them.

- :class:`NatsKvRegistry` — the embedded default: a NATS JetStream KV bucket with TTL heartbeats;
- :class:`StaticRegistry` — production on Kubernetes, where Service DNS names resolve;
- :class:`InMemoryRegistry` — the fake for tests, and a registry for one process.

>>> import asyncio
>>> registry = InMemoryRegistry()
>>> asyncio.run(registry.register(Instance(service="catalog", instance_id="c1", url="http://127.0.0.1:8101")))
>>> [i.url for i in asyncio.run(registry.resolve("catalog"))]
['http://127.0.0.1:8101']

``resolve`` raises :class:`ServiceNotFound` (a :class:`LookupError`) when no
live instance exists; :mod:`musiccorp.chassis.http` turns that into
``NoLiveInstance``, one of its ``DownstreamUnavailable`` errors.
"""

from musiccorp.chassis.discovery._instance import Instance, ServiceNotFound, ServiceRegistry
from musiccorp.chassis.discovery._memory import InMemoryRegistry
from musiccorp.chassis.discovery._nats import NatsKvRegistry
from musiccorp.chassis.discovery._static import StaticRegistry

__all__ = [
    "InMemoryRegistry",
    "Instance",
    "NatsKvRegistry",
    "ServiceNotFound",
    "ServiceRegistry",
    "StaticRegistry",
]
