"""Consumer-driven contract: what the storefront needs from the catalog (practice 7.8).

The storefront's real catalog adapter (``HttpCatalog`` on the chassis client)
talks to a Pact mock of the catalog. The interactions it exercised are the
contract, committed at ``contracts/pacts/storefront-catalog.json`` and verified
against the real catalog by the catalog's own provider test. If this test's
expectations change, ``make pacts`` rewrites the committed contract — and the
provider test then tells whether the catalog still honours it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pact import Pact, match

from musiccorp.chassis.discovery import StaticRegistry
from musiccorp.chassis.http import HttpClient
from musiccorp.chassis.testing.pacts import publish_pact
from musiccorp.storefront.adapters.catalog_client import HttpCatalog
from musiccorp.storefront.domain.errors import AlbumMissing

CONTRACTS = Path(__file__).resolve().parents[4] / "contracts" / "pacts"
ALBUM_ID = "1f0c7d1e-8a53-5bd4-9c0e-6a8f0f3c2a11"
MISSING_ID = "00000000-0000-5000-8000-000000000000"

PRICE = {"amount": match.regex("9.99", regex=r"^\d+\.\d{2}$"), "currency": match.like("GBP")}
SUMMARY = {
    "id": match.like(ALBUM_ID),
    "title": match.like("Blue River"),
    "artist": {"id": match.like("artist-1"), "name": match.like("Nina Valdés")},
    "year": match.int(1999),
    "genre": match.like("jazz"),
    "price": PRICE,
    "cover_hue": match.int(210),
}
PAGE = {
    "page": match.int(1), "pages": match.int(1), "total": match.int(1),
    "_embedded": {"albums": match.each_like(SUMMARY, min=1)},
}


@pytest.fixture
def pact(tmp_path):
    pact = Pact("storefront", "catalog").with_specification("V4")
    yield pact
    publish_pact(pact, contracts=CONTRACTS, scratch=tmp_path)


async def _catalog(url: str) -> tuple[HttpClient, HttpCatalog]:
    http = HttpClient()
    client = http.for_service("catalog", registry=StaticRegistry({"catalog": url}), timeout=5.0, retries=0)
    return http, HttpCatalog(client)


async def test_storefront_contract_with_catalog(pact):
    """Featured, search, album and missing album: the four calls the shop's pages make."""
    (pact.upon_receiving("a request for the featured albums")
        .given("the catalogue has featured albums")
        .with_request("GET", "/v1/albums").with_query_parameters(
            {"featured": "true", "page": "1", "size": "12"})
        .will_respond_with(200).with_body(PAGE, content_type="application/hal+json"))
    (pact.upon_receiving("a search for albums by a word")
        .given("albums matching 'river' exist")
        .with_request("GET", "/v1/albums").with_query_parameters({"q": "river", "page": "1", "size": "24"})
        .will_respond_with(200).with_body(PAGE, content_type="application/hal+json"))
    (pact.upon_receiving("a request for an album")
        .given("an album exists", {"id": ALBUM_ID})
        .with_request("GET", f"/v1/albums/{ALBUM_ID}")
        .will_respond_with(200).with_body({
            **SUMMARY, "id": ALBUM_ID, "label": match.like("Harbour Records"),
            "tracks": match.each_like({"number": match.int(1), "title": match.like("Opening"),
                                       "duration_seconds": match.int(215)}, min=1),
        }, content_type="application/hal+json"))
    (pact.upon_receiving("a request for an album that does not exist")
        .given("no album exists", {"id": MISSING_ID})
        .with_request("GET", f"/v1/albums/{MISSING_ID}")
        .will_respond_with(404).with_body({"status": match.int(404), "title": match.like("Album not found")},
                                          content_type="application/problem+json"))

    with pact.serve() as server:
        http, catalog = await _catalog(str(server.url))
        try:
            featured = await catalog.featured(count=12)
            found = await catalog.browse(text="river", genre=None, page=1, size=24)
            album = await catalog.album(ALBUM_ID)
            with pytest.raises(AlbumMissing):
                await catalog.album(MISSING_ID)
        finally:
            await http.close()

    assert featured.albums[0].title == "Blue River"
    assert found.total == 1
    assert str(album.card.price) == "£9.99"
    assert album.tracks[0].title == "Opening"
