"""The shipping context's published event schemas equal the contracts committed under contracts/events/shipping/.

Its consumers read the committed files; ``MUSICCORP_UPDATE_CONTRACTS=1`` rewrites them for review.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from musiccorp.chassis.testing.contracts import CommittedSchemas
from musiccorp.shipping.adapters.integration_events import PUBLISHES

SCHEMAS = CommittedSchemas(Path(__file__).resolve().parents[4] / "contracts" / "events" / "shipping", PUBLISHES)


@pytest.mark.parametrize("spec", SCHEMAS.specs, ids=lambda spec: spec.type)
def test_committed_schema_is_the_generated_one(spec):
    """Each published event's committed JSON Schema equals the one its model generates."""
    SCHEMAS.check(spec)


def test_every_committed_schema_is_still_published():
    """No schema lingers under contracts/ for an event the service no longer publishes."""
    SCHEMAS.check_none_stray()
