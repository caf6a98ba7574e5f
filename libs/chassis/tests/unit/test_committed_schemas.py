"""The committed-contract check fails on a changed, missing or stray schema, and rewrites them on request."""

import json

import pytest

from musiccorp.chassis.events import EventSpec
from musiccorp.chassis.testing.contracts import UPDATE_VARIABLE, CommittedSchemas

PLACED = EventSpec("orders.order.placed.v1", {"type": "object", "required": ["order_id"]})


def test_a_schema_equal_to_the_committed_one_passes(tmp_path):
    (tmp_path / "order.placed.v1.json").write_text(json.dumps(PLACED.schema))
    schemas = CommittedSchemas(tmp_path, [PLACED])
    schemas.check(PLACED)
    schemas.check_none_stray()


def test_a_changed_or_missing_schema_fails(tmp_path):
    schemas = CommittedSchemas(tmp_path, [PLACED])
    with pytest.raises(AssertionError, match="missing"):
        schemas.check(PLACED)
    (tmp_path / "order.placed.v1.json").write_text(json.dumps({"type": "object"}))
    with pytest.raises(AssertionError, match="changed"):
        schemas.check(PLACED)


def test_a_schema_of_a_message_no_longer_sent_fails(tmp_path):
    (tmp_path / "order.placed.v1.json").write_text(json.dumps(PLACED.schema))
    (tmp_path / "order.lost.v1.json").write_text("{}")
    with pytest.raises(AssertionError):
        CommittedSchemas(tmp_path, [PLACED]).check_none_stray()


def test_updating_rewrites_the_committed_schema(tmp_path, monkeypatch):
    monkeypatch.setenv(UPDATE_VARIABLE, "1")
    CommittedSchemas(tmp_path, [PLACED]).check(PLACED)
    assert json.loads((tmp_path / "order.placed.v1.json").read_text()) == PLACED.schema
