"""Published message schemas kept equal to the contracts committed under ``contracts/events/<context>/``.

Consumers read the committed files, so a change to a producer's model that is
not also a change to its contract must fail the producer's tests. Run them with
``MUSICCORP_UPDATE_CONTRACTS=1`` to rewrite the committed schemas — then review
the diff: a breaking change needs a new ``.v2`` message beside the old one.

A service's contract test is three lines::

    SCHEMAS = CommittedSchemas(REPOSITORY / "contracts" / "events" / "orders", PUBLISHES)

    @pytest.mark.parametrize("spec", SCHEMAS.specs, ids=lambda spec: spec.type)
    def test_committed_schema_is_the_generated_one(spec):
        SCHEMAS.check(spec)
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from musiccorp.chassis.events import EventSpec

__all__ = ["UPDATE_VARIABLE", "CommittedSchemas"]

UPDATE_VARIABLE = "MUSICCORP_UPDATE_CONTRACTS"


class CommittedSchemas:
    """The schemas of ``specs``, each committed in ``folder`` as ``<type less its context>.json``."""

    def __init__(self, folder: Path, specs: Iterable[EventSpec]) -> None:
        self.folder = folder
        self.specs = tuple(specs)

    def path(self, message_type: str) -> Path:
        """Where a message's envelope ``dataschema`` points: ``orders.order.placed.v1`` → ``order.placed.v1.json``."""
        return self.folder / f"{message_type.split('.', 1)[1]}.json"

    def check(self, spec: EventSpec) -> None:
        """The committed schema of ``spec`` is the one its model generates (rewritten first when updating)."""
        path = self.path(spec.type)
        if os.environ.get(UPDATE_VARIABLE) == "1":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(dict(spec.schema), indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                            encoding="utf-8")
        assert path.is_file(), f"{path} is missing: run with {UPDATE_VARIABLE}=1 to write it"
        assert json.loads(path.read_text(encoding="utf-8")) == spec.schema, (
            f"{spec.type} changed: run with {UPDATE_VARIABLE}=1 and review the contract's diff")

    def check_none_stray(self) -> None:
        """No schema lingers in the folder for a message the service no longer sends."""
        committed = {path.name for path in self.folder.glob("*.json")}
        assert committed == {self.path(spec.type).name for spec in self.specs}, (
            f"{self.folder} holds schemas of messages no longer sent, or misses some")
