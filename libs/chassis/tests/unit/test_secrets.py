"""Secret settings fail closed outside a local run on loopback, accept a list for rotation, and never show."""

from __future__ import annotations

import pytest

from musiccorp.chassis import ServiceSettings, load_settings
from musiccorp.chassis.secrets import Secrets, SecretSetting, is_loopback, local_secret
from musiccorp.chassis.settings import SettingsError

STRONG = "k3Jx9QvTz2LmP8wRb5NcY7dHf4GsA6eU"
OLDER = "Zq8Wv2Lk5Rt9Xm3Pb7Ny4Hc6Gd1Fs0Ja"
POSTGRES = "postgresql+asyncpg://shop@db/shop"


class ShopSettings(ServiceSettings, env_prefix="MUSICCORP_SHOP_"):
    signing_secret: SecretSetting = local_secret("shop-local-development-only")


def _refusal(monkeypatch, capsys, **variables: str) -> str:
    for name, value in variables.items():
        monkeypatch.setenv(f"MUSICCORP_SHOP_{name}", value)
    with pytest.raises(SettingsError) as raised:
        load_settings(ShopSettings)
    line = capsys.readouterr().err.strip()
    assert "\n" not in line and raised.value.code == 1
    return line


def test_the_built_in_secret_serves_a_local_run_on_loopback():
    """Locally, bound to 127.0.0.1, the service starts with its built-in secret."""
    assert ShopSettings().signing_secret.current == "shop-local-development-only"


@pytest.mark.parametrize("variables", [
    {"ENVIRONMENT": "production", "DATABASE_URL": POSTGRES},
    {"ENVIRONMENT": "staging"},
    {"ENVIRONMENT": "test"},
    {"HOST": "0.0.0.0"},
    {"HOST": "192.0.2.10"},
])
def test_anywhere_else_the_built_in_secret_refuses_to_start(monkeypatch, capsys, variables):
    """Another profile, or a local run reachable from other machines, needs its own secret: one line, exit 1."""
    line = _refusal(monkeypatch, capsys, **variables)
    assert line == ("invalid configuration: MUSICCORP_SHOP_SIGNING_SECRET is not set: the built-in secret is public "
                    "and only serves a local run on a loopback address")


@pytest.mark.parametrize(("secret", "why"), [
    ("short-secret", "too short: a secret needs at least 32 characters"),
    ("ab" * 20, "too weak: a secret needs at least 10 different characters"),
])
def test_a_weak_secret_is_refused_everywhere(monkeypatch, capsys, secret, why):
    """A configured secret must be strong, locally too: a weak one is refused, saying why."""
    line = _refusal(monkeypatch, capsys, SIGNING_SECRET=secret)
    assert line == f"invalid configuration: MUSICCORP_SHOP_SIGNING_SECRET is {why}"
    assert secret not in line


def test_an_empty_list_is_refused(monkeypatch, capsys):
    """Blank entries are dropped; a list of none is not a secret."""
    line = _refusal(monkeypatch, capsys, SIGNING_SECRET=" , ")
    assert line == "invalid configuration: MUSICCORP_SHOP_SIGNING_SECRET: must name at least one secret"


def test_secrets_rotate_newest_first(monkeypatch):
    """A list, newest first: sign with the first, accept every one; each must be strong, in production too."""
    monkeypatch.setenv("MUSICCORP_SHOP_ENVIRONMENT", "production")
    monkeypatch.setenv("MUSICCORP_SHOP_DATABASE_URL", POSTGRES)
    monkeypatch.setenv("MUSICCORP_SHOP_SIGNING_SECRET", f"{STRONG}, {OLDER}")
    settings = load_settings(ShopSettings)
    assert (settings.signing_secret.current, tuple(settings.signing_secret)) == (STRONG, (STRONG, OLDER))


def test_an_old_weak_secret_in_the_list_is_refused_too(monkeypatch, capsys):
    """Rotation is no way around the rule: every secret in the list is checked."""
    line = _refusal(monkeypatch, capsys, SIGNING_SECRET=f"{STRONG},weak")
    assert line.endswith("is too short: a secret needs at least 32 characters")


def test_a_secret_never_shows():
    """Neither the settings' repr nor the secrets' own shows a secret (they reach logs and tracebacks)."""
    settings = ShopSettings(signing_secret=[STRONG])
    assert STRONG not in repr(settings) and STRONG not in str(settings.signing_secret)
    assert repr(Secrets([STRONG, OLDER])) == "Secrets(<2 hidden>)"


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("127.8.0.1", True), ("::1", True), ("localhost", True),
    ("0.0.0.0", False), ("::", False), ("10.0.0.4", False), ("shop.internal", False),
])
def test_loopback_means_this_machine_only(host, loopback):
    """Only addresses no other machine can reach count as loopback."""
    assert is_loopback(host) is loopback
