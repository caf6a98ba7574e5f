"""The sandbox's admin API (no key: a sandbox only): chaos knobs and a view of every charge.

``/admin/chaos`` sets the knobs, ``/admin/chaos/script`` queues exact outcomes
for the next charge requests, ``/admin/charges`` shows (or forgets) every
charge so a test can count what was really taken.
"""

from __future__ import annotations

from aiohttp import web

from paybuddy.chaos import ChaosSettings
from paybuddy.errors import ApiError, read_json
from paybuddy.sandbox import SANDBOX, Sandbox

__all__ = ["add_routes"]


def add_routes(router: web.UrlDispatcher) -> None:
    router.add_get("/admin/chaos", read_chaos)
    router.add_put("/admin/chaos", set_chaos)
    router.add_delete("/admin/chaos", reset_chaos)
    router.add_post("/admin/chaos/script", add_script)
    router.add_get("/admin/charges", every_charge)
    router.add_delete("/admin/charges", forget_charges)


def _chaos(sandbox: Sandbox) -> web.Response:
    return web.json_response({**sandbox.chaos.settings.as_json(), "script": sandbox.chaos.script})


async def read_chaos(request: web.Request) -> web.Response:
    """The knobs and what is left of the script."""
    return _chaos(request.app[SANDBOX])


async def set_chaos(request: web.Request) -> web.Response:
    """Replace the knobs (those left out go back to their defaults); 400 for an unknown or out-of-range knob."""
    sandbox = request.app[SANDBOX]
    try:
        sandbox.chaos.settings = ChaosSettings.from_json(await read_json(request))
    except ValueError as error:
        raise ApiError(400, "request_invalid", str(error)) from None
    return _chaos(sandbox)


async def reset_chaos(request: web.Request) -> web.Response:
    """A calm sandbox again: default knobs, no script."""
    sandbox = request.app[SANDBOX]
    sandbox.chaos.reset()
    return _chaos(sandbox)


async def add_script(request: web.Request) -> web.Response:
    """``{"next": ["decline", "error", "timeout", "ok"]}``: the fate of the next charge requests, in order."""
    sandbox = request.app[SANDBOX]
    try:
        sandbox.chaos.add_script((await read_json(request)).get("next"))
    except ValueError as error:
        raise ApiError(400, "request_invalid", str(error)) from None
    return _chaos(sandbox)


async def every_charge(request: web.Request) -> web.Response:
    """Every charge with its reversals, oldest first."""
    charges = request.app[SANDBOX].ledger.charges()
    return web.json_response({"items": [charge.as_json() for charge in charges], "count": len(charges)})


async def forget_charges(request: web.Request) -> web.Response:
    """Forget every charge and every idempotency token (card tokens stay valid)."""
    sandbox = request.app[SANDBOX]
    sandbox.idempotency.clear()
    return web.json_response({"deleted": sandbox.ledger.clear_charges()})
