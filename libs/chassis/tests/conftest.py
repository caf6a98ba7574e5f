from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import APIRouter
from starlette.testclient import TestClient

from musiccorp.chassis import Problem, ServiceManifest, ServiceRuntime, ServiceSettings, create_service_app
from musiccorp.chassis.discovery import InMemoryRegistry


class ExampleSettings(ServiceSettings, env_prefix="MUSICCORP_EXAMPLE_"):
    pass


@pytest.fixture
def manifest() -> ServiceManifest:
    return ServiceManifest(name="example", description="An example service.", owner="platform-team",
                           tier=3, on_call="platform@musiccorp.example", version="1.2.3")


def _example_router() -> APIRouter:
    router = APIRouter()

    @router.get("/v1/things/{thing_id}")
    async def thing(thing_id: int) -> dict:
        if thing_id == 404:
            raise Problem(404, "thing-not-found", detail=f"no thing {thing_id}")
        if thing_id == 500:
            raise RuntimeError("the database caught fire")
        return {"id": thing_id}

    return router


@pytest.fixture
def make_client(manifest, tmp_path: Path):
    """Build the chassis app around a tiny router and open a TestClient on it."""
    opened = []

    def make(*, database_url: str | None = None, checks: dict | None = None) -> TestClient:
        settings = ExampleSettings(database_url=database_url or f"sqlite+aiosqlite:///{tmp_path}/example.db",
                                   git_sha="abc123", instance_id="example-1")
        runtime = ServiceRuntime(settings=settings, manifest=manifest, registry=InMemoryRegistry())
        for name, check in (checks or {}).items():
            runtime.health.register(name, check)
        client = TestClient(create_service_app(runtime, routers=[_example_router()]),
                            raise_server_exceptions=False)
        client.__enter__()
        opened.append(client)
        return client

    yield make
    for client in opened:
        client.__exit__(None, None, None)
