"""Consumer-driven contracts kept in the repository: write, compare, or update a pact file.

A consumer's test builds its Pact and exercises its real adapter against it;
:func:`publish_pact` then compares the interactions with the committed contract
under ``contracts/pacts/`` (the stand-in for a broker) and fails when the
consumer's expectations changed without the contract being updated. With
``MUSICCORP_UPDATE_PACTS=1`` (``make pacts``) it rewrites the contract instead.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

__all__ = ["UPDATE_VARIABLE", "publish_pact"]

UPDATE_VARIABLE = "MUSICCORP_UPDATE_PACTS"


def _interactions(document: dict) -> list[str]:
    return sorted(json.dumps(interaction, sort_keys=True) for interaction in document["interactions"])


def publish_pact(pact, *, contracts: Path, scratch: Path) -> Path:
    """Write ``pact`` to ``scratch``, then update or check ``contracts/<consumer>-<provider>.json``."""
    pact.write_file(scratch, overwrite=True)
    name = f"{pact.consumer}-{pact.provider}.json"
    written = json.loads((scratch / name).read_text())
    committed_path = contracts / name
    if os.environ.get(UPDATE_VARIABLE) == "1":
        contracts.mkdir(parents=True, exist_ok=True)
        committed_path.write_text(json.dumps(written, indent=2, sort_keys=True) + "\n")
    assert committed_path.is_file(), f"no committed contract {committed_path}: run `make pacts`"
    committed = json.loads(committed_path.read_text())
    assert _interactions(written) == _interactions(committed), (
        f"{pact.consumer}'s expectations of {pact.provider} changed: run `make pacts` to update the contract")
    return committed_path
