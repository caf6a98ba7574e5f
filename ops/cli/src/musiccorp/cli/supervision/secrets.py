"""The secrets of a local run: generated once into the run's home, owner-only, and handed to who needs them.

A service's ``service.toml`` names the secrets it needs (``[run] secrets``): a name of
its own (``session_secret``: the storefront's alone) or a third party's credential
(``paybuddy.webhook_secret``), which the third party's ``thirdparty.toml`` declares
with the variable it reads it from (``[run.secrets] webhook_secret =
"PAYBUDDY_WEBHOOK_SECRET"``). Each is ``MUSICCORP_<SVC>_<NAME>`` to the service
(``MUSICCORP_PAYMENTS_PAYBUDDY_WEBHOOK_SECRET``); a third party gets only its own.

Nothing here is committed or printed: each secret is 32 random bytes in its own
file under ``<home>/secrets/`` (the folder ``0700``, the files ``0600``), made on the
first run and kept, so signed sessions survive a restart.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

__all__ = ["local_secret", "provider_secrets", "service_secrets"]

_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-.")


def local_secret(directory: Path, name: str) -> str:
    """The secret called ``name`` of this run: read from ``directory``, or made there (owner-only) first."""
    if not name or set(name) - _NAME_CHARS or name.startswith("."):
        raise ValueError(f"not a secret name: {name!r}")
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(directory, 0o700)
    path = directory / name
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(descriptor, "w") as file:
        file.write(secrets.token_urlsafe(32))
    return path.read_text().strip()


def _variable(name: str) -> str:
    return name.upper().replace(".", "_").replace("-", "_")


def service_secrets(*, service: str, env_prefix: str, names: tuple[str, ...], directory: Path) -> dict[str, str]:
    """``MUSICCORP_<SVC>_<NAME>`` for each secret ``names`` lists: its own under ``<service>.<name>``, a third
    party's (``<provider>.<name>``) as that third party gets it."""
    env = {}
    for name in names:
        stored = name if "." in name else f"{service}.{name}"
        env[f"{env_prefix}{_variable(name)}"] = local_secret(directory, stored)
    return env


def provider_secrets(*, provider: str, variables: dict[str, str], directory: Path) -> dict[str, str]:
    """The variables a third party reads its credentials from, each given its secret of this run."""
    return {variable: local_secret(directory, f"{provider}.{name}") for name, variable in variables.items()}
