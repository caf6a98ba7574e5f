"""The sandbox as an aiohttp application: ``create_app()`` wires the books, the knobs and the routes."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from importlib import metadata

from aiohttp import web

from paybuddy import admin, charges, tokens
from paybuddy.chaos import Chaos
from paybuddy.config import SandboxConfig
from paybuddy.errors import json_errors
from paybuddy.idempotency import IdempotencyTokens
from paybuddy.ledger import Ledger
from paybuddy.sandbox import SANDBOX, Sandbox
from paybuddy.settlement import Settlements

__all__ = ["SANDBOX", "VERSION", "Sandbox", "create_app"]

VERSION = metadata.version("paybuddy-sandbox")


def create_app(config: SandboxConfig | None = None, *, rng: random.Random | None = None) -> web.Application:
    """A fresh sandbox: empty books, calm chaos knobs (``rng`` decides the random rates)."""
    config = config or SandboxConfig()
    chaos = Chaos(rng=rng)
    settlements = Settlements(secret=config.webhook_secret,
                              delay_seconds=lambda: chaos.settings.settlement_delay_ms / 1000)
    sandbox = Sandbox(config=config, ledger=Ledger(), chaos=chaos,
                      idempotency=IdempotencyTokens(), settlements=settlements)
    app = web.Application(middlewares=[tokens.cors_for_browsers, json_errors])
    app[SANDBOX] = sandbox
    app.cleanup_ctx.append(_callbacks)
    app.router.add_get("/ping", ping)
    tokens.add_routes(app.router)
    charges.add_routes(app.router)
    admin.add_routes(app.router)
    return app


async def ping(request: web.Request) -> web.Response:
    """Readiness: the sandbox answers (and says which version it runs)."""
    return web.json_response({"status": "ok", "version": VERSION})


async def _callbacks(app: web.Application) -> AsyncIterator[None]:
    settlements = app[SANDBOX].settlements
    settlements.open()
    yield
    await settlements.close()
