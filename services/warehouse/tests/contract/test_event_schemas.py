"""The warehouse's message schemas: generated from their models, committed under contracts/events/warehouse/.

Shipping and any other consumer read the committed files; a change to a model
that is not also a change to the contract fails here. Run with
``MUSICCORP_UPDATE_CONTRACTS=1`` to rewrite the committed schemas — then review
the diff: a breaking change needs a new ``.v2`` event beside the old one.

The pick job's schema is committed too (``warehouse.picks.json``, where its
envelope's ``dataschema`` points): only warehouse pickers read it, but a picker
of one release may take a job recorded by another.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from musiccorp.chassis.events import EventSpec
from musiccorp.warehouse.adapters.integration_events import PUBLISHES
from musiccorp.warehouse.adapters.picking import JOB_SCHEMA, PICKS_SUBJECT

CONTRACTS = Path(__file__).resolve().parents[4] / "contracts" / "events" / "warehouse"
MESSAGES = (*PUBLISHES, EventSpec(PICKS_SUBJECT, JOB_SCHEMA))


def contract_path(message_type: str) -> Path:
    """Where the envelope's dataschema points (its type less the first token): ``order.picked.v1.json``."""
    return CONTRACTS / f"{message_type.split('.', 1)[1]}.json"


def render(schema: dict) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("spec", MESSAGES, ids=lambda spec: spec.type)
def test_committed_schema_is_the_generated_one(spec):
    """Each published event's (and the pick job's) committed JSON Schema equals the one its model generates."""
    path = contract_path(spec.type)
    if os.environ.get("MUSICCORP_UPDATE_CONTRACTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(dict(spec.schema)), encoding="utf-8")
    assert path.is_file(), f"{path} is missing: run with MUSICCORP_UPDATE_CONTRACTS=1 to write it"
    assert json.loads(path.read_text(encoding="utf-8")) == spec.schema, (
        f"{spec.type} changed: run with MUSICCORP_UPDATE_CONTRACTS=1 and review the contract's diff")


def test_every_committed_schema_is_still_published():
    """No schema lingers under contracts/ for a message the service no longer sends."""
    committed = {path.name for path in CONTRACTS.glob("*.json")}
    assert committed == {contract_path(spec.type).name for spec in MESSAGES}
