"""Consumer-driven contract: what payments needs from the catalog — an album's title, by id (5.7, 7.8).

The real catalog adapter (``HttpCatalog`` on the chassis client) talks to a
Pact mock; the interactions become ``contracts/pacts/payments-catalog.json``,
which the catalog's provider test verifies against the real catalog.
"""

from __future__ import annotations

from pathlib import Path

from pact import Pact, match

from musiccorp.chassis.discovery import StaticRegistry
from musiccorp.chassis.http import HttpClient
from musiccorp.chassis.testing.pacts import publish_pact
from musiccorp.payments.adapters.catalog import HttpCatalog

CONTRACTS = Path(__file__).resolve().parents[4] / "contracts" / "pacts"
ALBUM_ID = "1f0c7d1e-8a53-5bd4-9c0e-6a8f0f3c2a11"
MISSING_ID = "00000000-0000-5000-8000-000000000000"


async def test_payments_contract_with_catalog(tmp_path):
    """An album's title; an album the catalog does not know is a 404 (an 'Unknown item' on a statement)."""
    pact = Pact("payments", "catalog").with_specification("V4")
    (pact.upon_receiving("a request for an album's title")
        .given("an album exists", {"id": ALBUM_ID})
        .with_request("GET", f"/v1/albums/{ALBUM_ID}")
        .will_respond_with(200).with_body({"id": ALBUM_ID, "title": match.like("Blue River")},
                                          content_type="application/hal+json"))
    (pact.upon_receiving("a request for the title of an album that does not exist")
        .given("no album exists", {"id": MISSING_ID})
        .with_request("GET", f"/v1/albums/{MISSING_ID}")
        .will_respond_with(404).with_body({"status": match.int(404)}, content_type="application/problem+json"))

    with pact.serve() as server:
        http = HttpClient()
        catalog = HttpCatalog(http.for_service("catalog", registry=StaticRegistry({"catalog": str(server.url)}),
                                               timeout=5.0, retries=0))
        try:
            titles = [await catalog.title(ALBUM_ID), await catalog.title(MISSING_ID)]
        finally:
            await http.close()
    assert titles == ["Blue River", None]
    publish_pact(pact, contracts=CONTRACTS, scratch=tmp_path)
