"""The chassis README's ten-line service is real: run as written, it serves the operational endpoints."""

from __future__ import annotations

import re
from pathlib import Path

import httpx2 as httpx
from asgi_lifespan import LifespanManager

README = Path(__file__).resolve().parents[2] / "README.md"


def _example() -> str:
    [code] = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.DOTALL)
    return code


async def test_the_readme_service_serves_its_route_and_the_chassis_endpoints(monkeypatch):
    """The example's app answers its own route, health, info (with its owner), metrics and problem+json."""
    monkeypatch.delenv("MUSICCORP_JUKEBOX_PORT", raising=False)
    namespace: dict = {}
    exec(compile(_example(), str(README), "exec"), namespace)  # noqa: S102 — the README's own code, run as written
    app = namespace["app"]
    async with LifespanManager(app), httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                                       base_url="http://jukebox") as client:
        assert (await client.get("/v1/tunes/t-1")).json() == {"id": "t-1"}
        assert (await client.get("/health/live")).status_code == 200
        assert (await client.get("/health/ready")).status_code == 200
        assert (await client.get("/info")).json()["owner"] == "jukebox-team"
        assert "http_requests" in (await client.get("/metrics")).text
        missing = await client.get("/v1/nothing-here")
        assert missing.status_code == 404
        assert missing.headers["content-type"].startswith("application/problem+json")
