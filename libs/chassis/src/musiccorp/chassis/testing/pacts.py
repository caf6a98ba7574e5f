"""Consumer-driven contracts kept in the repository: write, compare, or update a pact file.

A consumer's test builds its Pact and exercises its real adapter against it;
:func:`publish_pact` then compares the interactions with the committed contract
under ``contracts/pacts/`` (the stand-in for a broker) and fails when the
consumer's expectations changed without the contract being updated. With
``MUSICCORP_UPDATE_PACTS=1`` (``make pacts``) it rewrites the contract instead.

One contract file may hold both kinds of interaction (Pact V4): a consumer that
reads a resource over HTTP and reacts to its events passes both Pacts to
:func:`publish_pact`, and each provider verifies one kind at a time from the
copies :func:`provider_contracts` makes.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

__all__ = ["HTTP", "MESSAGES", "UPDATE_VARIABLE", "provider_contracts", "publish_pact"]

UPDATE_VARIABLE = "MUSICCORP_UPDATE_PACTS"
HTTP = "Synchronous/HTTP"
MESSAGES = "Asynchronous/Messages"


def _interactions(document: dict) -> list[str]:
    return sorted(json.dumps(interaction, sort_keys=True) for interaction in document["interactions"])


def publish_pact(pact, *more, contracts: Path, scratch: Path) -> Path:
    """Write ``pact`` (and ``more`` Pacts of the same pair, merged into one file) to ``scratch``, then update or
    check ``contracts/<consumer>-<provider>.json``.

    A Pact's mock server serves HTTP interactions only, so a consumer of both kinds
    declares its messages on a second Pact: ``publish_pact(http, messages, ...)``.
    """
    pact.write_file(scratch, overwrite=True)
    for other in more:
        assert (other.consumer, other.provider) == (pact.consumer, pact.provider), "one contract is one pair"
        other.write_file(scratch, overwrite=False)  # merged into the file just written
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


def provider_contracts(provider: str, kind: str, *, contracts: Path, scratch: Path) -> list[Path]:
    """The ``kind`` (:data:`HTTP` or :data:`MESSAGES`) interactions of every committed contract with
    ``provider``, one file per consumer written to ``scratch``: what one verifier replays.

    A contract holding only the other kind gives no file; a provider whose consumers
    published none of this kind gets an empty list, and its test should fail loudly.
    """
    scratch.mkdir(parents=True, exist_ok=True)
    found = []
    for path in sorted(contracts.glob(f"*-{provider}.json")):
        document = json.loads(path.read_text())
        document["interactions"] = [i for i in document["interactions"] if i["type"] == kind]
        if document["interactions"]:
            found.append(scratch / path.name)
            found[-1].write_text(json.dumps(document))
    return found
