"""The published events' JSON Schemas: generated from the integration-event models, committed under contracts/.

Consumers (loyalty, notifications) read the committed files; a change to a
model that is not also a change to the contract fails here. Run with
``MUSICCORP_UPDATE_CONTRACTS=1`` to rewrite the committed schemas — then review
the diff: a breaking change needs a new ``.v2`` event beside the old one.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from musiccorp.orders.adapters.integration_events import PUBLISHES

CONTRACTS = Path(__file__).resolve().parents[4] / "contracts" / "events" / "orders"


def contract_path(event_type: str) -> Path:
    """``orders.order.placed.v1`` is committed as ``order.placed.v1.json``."""
    return CONTRACTS / f"{event_type.removeprefix('orders.')}.json"


def render(schema: dict) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("spec", PUBLISHES, ids=lambda spec: spec.type)
def test_committed_schema_is_the_generated_one(spec):
    """Each published event's committed JSON Schema equals the one its model generates."""
    path = contract_path(spec.type)
    if os.environ.get("MUSICCORP_UPDATE_CONTRACTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(spec.schema), encoding="utf-8")
    assert path.is_file(), f"{path} is missing: run with MUSICCORP_UPDATE_CONTRACTS=1 to write it"
    assert json.loads(path.read_text(encoding="utf-8")) == spec.schema, (
        f"{spec.type} changed: run with MUSICCORP_UPDATE_CONTRACTS=1 and review the contract's diff")


def test_every_committed_schema_is_still_published():
    """No schema lingers under contracts/ for an event the service no longer publishes."""
    committed = {path.name for path in CONTRACTS.glob("*.json")}
    assert committed == {contract_path(spec.type).name for spec in PUBLISHES}
