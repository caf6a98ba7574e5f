"""The warehouse's message schemas equal the contracts committed under contracts/events/warehouse/.

Shipping and any other consumer read the committed files; ``MUSICCORP_UPDATE_CONTRACTS=1`` rewrites them for
review. The pick job's schema is committed too (``warehouse.picks.json``, where its envelope's ``dataschema`` points):
only warehouse pickers read it, but a picker of one release may take a job recorded by another.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from musiccorp.chassis.events import EventSpec
from musiccorp.chassis.testing.contracts import CommittedSchemas
from musiccorp.warehouse.adapters.integration_events import PUBLISHES
from musiccorp.warehouse.adapters.picking import JOB_SCHEMA, PICKS_SUBJECT

SCHEMAS = CommittedSchemas(Path(__file__).resolve().parents[4] / "contracts" / "events" / "warehouse",
                           (*PUBLISHES, EventSpec(PICKS_SUBJECT, JOB_SCHEMA)))


@pytest.mark.parametrize("spec", SCHEMAS.specs, ids=lambda spec: spec.type)
def test_committed_schema_is_the_generated_one(spec):
    """Each published event's (and the pick job's) committed JSON Schema equals the one its model generates."""
    SCHEMAS.check(spec)


def test_every_committed_schema_is_still_published():
    """No schema lingers under contracts/ for a message the service no longer sends."""
    SCHEMAS.check_none_stray()
