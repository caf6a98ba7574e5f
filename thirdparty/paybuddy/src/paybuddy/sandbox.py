"""Everything one sandbox holds in memory, reachable from each request as ``request.app[SANDBOX]``."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from paybuddy.chaos import Chaos
from paybuddy.config import SandboxConfig
from paybuddy.idempotency import IdempotencyTokens
from paybuddy.ledger import Ledger
from paybuddy.settlement import Settlements

__all__ = ["SANDBOX", "Sandbox"]


@dataclass(frozen=True, slots=True)
class Sandbox:
    """The books, the chaos knobs, the idempotency memory and the callbacks of one running sandbox."""

    config: SandboxConfig
    ledger: Ledger
    chaos: Chaos
    idempotency: IdempotencyTokens
    settlements: Settlements


SANDBOX = web.AppKey("sandbox", Sandbox)
