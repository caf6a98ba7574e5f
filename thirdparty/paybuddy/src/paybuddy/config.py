"""The sandbox's configuration: merchant API keys and the webhook secret, from ``PAYBUDDY_*`` variables."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["DEFAULT_API_KEY", "DEFAULT_WEBHOOK_SECRET", "SandboxConfig"]

DEFAULT_API_KEY = "pb_test_musiccorp"
DEFAULT_WEBHOOK_SECRET = "whsec_musiccorp_sandbox"


@dataclass(frozen=True, slots=True)
class SandboxConfig:
    """Who may call the merchant API, and the secret settlement callbacks are signed with."""

    api_keys: frozenset[str] = frozenset({DEFAULT_API_KEY})
    webhook_secret: str = DEFAULT_WEBHOOK_SECRET

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> SandboxConfig:
        """``PAYBUDDY_API_KEYS`` (comma separated) and ``PAYBUDDY_WEBHOOK_SECRET``, else the sandbox defaults."""
        environ = os.environ if environ is None else environ
        keys = frozenset(key.strip() for key in environ.get("PAYBUDDY_API_KEYS", DEFAULT_API_KEY).split(","))
        keys -= {""}
        if not keys:
            raise ValueError("PAYBUDDY_API_KEYS names no key; leave it unset for the sandbox default")
        secret = environ.get("PAYBUDDY_WEBHOOK_SECRET") or DEFAULT_WEBHOOK_SECRET
        return cls(api_keys=keys, webhook_secret=secret)
