"""Configuration from the environment: the names operators set, their defaults, and refusals at start."""

import os

import pytest

from musiccorp.chassis import load_settings
from musiccorp.chassis.settings import SettingsError
from musiccorp.warehouse.config import WarehouseSettings
from musiccorp.warehouse.entrypoints import picker


def test_defaults_hold_for_fifteen_minutes_with_two_pickers(monkeypatch):
    """Without variables: port 8107, 900-second holds, two in-process pickers, 30 s ack wait, 5 attempts, no seam."""
    for variable in [name for name in os.environ if name.startswith("MUSICCORP_WAREHOUSE_")]:
        monkeypatch.delenv(variable)
    settings = WarehouseSettings()
    assert (settings.port, settings.hold_seconds, settings.pickers, settings.pick_ack_wait_seconds,
            settings.pick_max_deliver, settings.picker_hold_file) == (8107, 900, 2, 30.0, 5, None)


def test_settings_come_from_musiccorp_warehouse_variables(monkeypatch, tmp_path):
    """MUSICCORP_WAREHOUSE_HOLD_SECONDS, _PICKERS and _PICKER_HOLD_FILE are read from the environment."""
    monkeypatch.setenv("MUSICCORP_WAREHOUSE_HOLD_SECONDS", "60")
    monkeypatch.setenv("MUSICCORP_WAREHOUSE_PICKERS", "0")
    monkeypatch.setenv("MUSICCORP_WAREHOUSE_PICKER_HOLD_FILE", str(tmp_path / "hold"))
    settings = load_settings(WarehouseSettings)
    assert (settings.hold_seconds, settings.pickers, settings.picker_hold_file) == (60, 0, tmp_path / "hold")


@pytest.mark.parametrize("variable, value", [("MUSICCORP_WAREHOUSE_HOLD_SECONDS", "0"),
                                             ("MUSICCORP_WAREHOUSE_PICKERS", "-1"),
                                             ("MUSICCORP_WAREHOUSE_PICK_ACK_WAIT_SECONDS", "0")])
def test_a_setting_that_cannot_work_stops_start_up(monkeypatch, capsys, variable, value):
    """A hold of no time, negative pickers or no ack wait: one line naming the variable, exit status 1."""
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError):
        load_settings(WarehouseSettings)
    assert variable in capsys.readouterr().err


def test_a_standalone_picker_needs_nats(monkeypatch, capsys):
    """python -m ...entrypoints.picker without MUSICCORP_WAREHOUSE_NATS_URL exits 1 saying so."""
    monkeypatch.delenv("MUSICCORP_WAREHOUSE_NATS_URL", raising=False)
    with pytest.raises(SystemExit) as exited:
        picker.main([])
    assert exited.value.code == 1
    assert "MUSICCORP_WAREHOUSE_NATS_URL" in capsys.readouterr().err
