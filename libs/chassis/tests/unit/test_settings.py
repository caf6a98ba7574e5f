import pytest

from musiccorp.chassis import ServiceSettings, load_settings
from musiccorp.chassis.settings import SettingsError


class ShopSettings(ServiceSettings, env_prefix="MUSICCORP_SHOP_"):
    page_size: int = 20


def test_settings_come_from_prefixed_environment(monkeypatch):
    """MUSICCORP_<SERVICE>_<FIELD> sets a field."""
    monkeypatch.setenv("MUSICCORP_SHOP_PAGE_SIZE", "50")
    monkeypatch.setenv("MUSICCORP_SHOP_PORT", "9123")
    settings = load_settings(ShopSettings)
    assert settings.page_size == 50
    assert settings.url == "http://127.0.0.1:9123"


def test_bad_value_stops_start_up_with_one_readable_line(monkeypatch, capsys):
    """A value of the wrong type names the variable in one line, no traceback."""
    monkeypatch.setenv("MUSICCORP_SHOP_PORT", "eighty")
    with pytest.raises(SettingsError) as raised:
        load_settings(ShopSettings)
    err = capsys.readouterr().err.strip()
    assert err.startswith("invalid configuration: MUSICCORP_SHOP_PORT:")
    assert "\n" not in err
    assert str(raised.value) == err
    assert raised.value.code == 1


def test_production_refuses_a_sqlite_database(monkeypatch):
    """Production must name a server database, never fall back to a local file."""
    monkeypatch.setenv("MUSICCORP_SHOP_ENVIRONMENT", "production")
    with pytest.raises(SettingsError, match="production needs a server database"):
        load_settings(ShopSettings)
