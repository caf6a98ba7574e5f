"""Secrets in a service's settings: they fail closed, and they rotate without downtime.

A secret setting is a list, newest first: ``MUSICCORP_STOREFRONT_SESSION_SECRET="<new>,<old>"``. A
service signs with the newest (:attr:`Secrets.current`) and accepts any, so a new secret
is rolled out beside the old one, which is dropped once nothing signed with it is left.

A secret's built-in value serves one case only: the ``local`` profile on a loopback
address, a developer's own machine (where ``musiccorp up`` generates real secrets
anyway). Anywhere else a service whose secret is not configured, or is weak, refuses to
start with one line naming the variable; a configured secret is held to the same
strength everywhere::

    class StorefrontSettings(ServiceSettings, env_prefix="MUSICCORP_STOREFRONT_"):
        session_secret: SecretSetting = local_secret("musiccorp-local-development-only")

>>> Secrets(["new-one", "old-one"]).current
'new-one'
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_settings import NoDecode

__all__ = ["MIN_DISTINCT", "MIN_LENGTH", "SecretSetting", "Secrets", "is_loopback", "local_secret", "weakness"]

MIN_LENGTH = 32
"""The fewest characters a configured secret may have (32 random URL-safe characters are 192 bits)."""
MIN_DISTINCT = 10
"""The fewest different characters it may have: ``"a" * 40`` is long, not strong."""


class Secrets(tuple[str, ...]):
    """One secret and those it replaces, newest first; never empty."""

    __slots__ = ()

    @property
    def current(self) -> str:
        """The secret to sign with now."""
        return self[0]

    def __repr__(self) -> str:  # a secret never reaches a log line or a traceback
        return f"Secrets(<{len(self)} hidden>)"

    __str__ = __repr__


def _split(value: Any) -> Any:
    """``"a, b"`` (as the environment gives it) or ``["a", "b"]`` → ``("a", "b")``, blanks dropped."""
    items = value.split(",") if isinstance(value, str) else value
    if isinstance(items, Iterable):
        return tuple(item.strip() for item in items if isinstance(item, str) and item.strip())
    return value


def _secrets(values: tuple[str, ...]) -> Secrets:
    if not values:
        raise ValueError("must name at least one secret")
    return Secrets(values)


SecretSetting = Annotated[tuple[str, ...], NoDecode, BeforeValidator(_split), AfterValidator(_secrets)]
"""The type of a secret setting: comma-separated in the environment, :class:`Secrets` in the settings."""


def local_secret(value: str, *, description: str = "") -> Any:
    """The field of a secret setting whose built-in ``value`` is for local runs on loopback only."""
    return Field(default=Secrets((value,)), description=description, repr=False)


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or ``localhost``) is reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def weakness(secrets: Secrets, *, built_in: Iterable[str] = (), local_on_loopback: bool) -> str | None:
    """Why ``secrets`` may not be used where the service runs, or ``None`` when they may; ``built_in`` are the
    setting's public built-in values."""
    public = set(built_in)
    for secret in secrets:
        if secret in public:
            if not local_on_loopback:
                return "not set: the built-in secret is public and only serves a local run on a loopback address"
        elif len(secret) < MIN_LENGTH:
            return f"too short: a secret needs at least {MIN_LENGTH} characters"
        elif len(set(secret)) < MIN_DISTINCT:
            return f"too weak: a secret needs at least {MIN_DISTINCT} different characters"
    return None
