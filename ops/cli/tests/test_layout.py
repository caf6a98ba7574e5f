"""The CLI's four concerns import one way: supervision ← views ← checks, broker (see ops/cli/README.md)."""

from __future__ import annotations

import grimp
import pytest

CONCERNS = {  # each concern, and the concerns it may import
    "supervision": set(),
    "views": {"supervision"},
    "checks": {"supervision", "views"},
    "broker": {"supervision", "views"},
}
SHARED = ("errors", "environment", "crashlog")


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("musiccorp.cli")


def _chains(graph: grimp.ImportGraph, importer: str, imported: str) -> list[str]:
    return sorted(" > ".join(chain) for chain in graph.find_shortest_chains(importer, imported))


@pytest.mark.parametrize("concern", CONCERNS)
def test_a_concern_imports_only_the_concerns_below_it(graph, concern):
    forbidden = set(CONCERNS) - CONCERNS[concern] - {concern}
    found = {other: _chains(graph, f"musiccorp.cli.{concern}", f"musiccorp.cli.{other}") for other in forbidden}
    assert not any(found.values()), found


@pytest.mark.parametrize("module", SHARED)
def test_what_every_concern_shares_imports_no_concern(graph, module):
    found = {concern: graph.chain_exists(f"musiccorp.cli.{module}", f"musiccorp.cli.{concern}", as_packages=True)
             for concern in CONCERNS}
    assert not any(found.values()), found
