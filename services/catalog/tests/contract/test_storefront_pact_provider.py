"""Provider verification: the catalog honours every contract its consumers published (practice 7.8).

The real catalog app runs on a real server; provider states put the albums a
consumer's interaction assumes into the catalog's (in-memory) repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pact import Verifier

from musiccorp.catalog.adapters.memory import InMemoryCatalogRepository
from musiccorp.catalog.bootstrap import bootstrap
from musiccorp.catalog.config import CatalogSettings
from musiccorp.catalog.entrypoints.api import create_app
from musiccorp.chassis.discovery import InMemoryRegistry
from musiccorp.chassis.testing.servers import serving

PACTS = Path(__file__).resolve().parents[4] / "contracts" / "pacts"


@pytest.fixture
def provider(nina):
    repository = InMemoryCatalogRepository(artists=[nina])
    app = create_app(bootstrap(CatalogSettings(), repository=repository, registry=InMemoryRegistry()))
    with serving(app) as url:
        yield url, repository


def _states(repository: InMemoryCatalogRepository, make_album, artist):
    def featured(action: str, parameters: dict | None = None) -> None:
        repository.albums.clear()
        if action == "setup":
            album = make_album("featured-1", "Blue River", artist, featured=True)
            repository.albums[album.id] = album

    def river(action: str, parameters: dict | None = None) -> None:
        repository.albums.clear()
        if action == "setup":
            album = make_album("river-1", "River of Ink", artist)
            repository.albums[album.id] = album

    def album_exists(action: str, parameters: dict | None = None) -> None:
        repository.albums.clear()
        if action == "setup":
            album = make_album(parameters["id"], "Blue River", artist)
            repository.albums[album.id] = album

    def no_album(action: str, parameters: dict | None = None) -> None:
        repository.albums.clear()

    return {
        "the catalogue has featured albums": featured,
        "albums matching 'river' exist": river,
        "an album exists": album_exists,
        "no album exists": no_album,
    }


def test_catalog_honours_its_consumers_contracts(provider, build_album, nina):
    """Every interaction in every pact naming the catalog as provider replays green."""
    url, repository = provider
    contracts = sorted(PACTS.glob("*-catalog.json"))
    assert contracts, "no consumer has published a contract with the catalog"
    verifier = (Verifier("catalog", host="127.0.0.1").add_transport(url=url)
                .state_handler(_states(repository, build_album, nina), teardown=True))
    for contract in contracts:
        verifier.add_source(contract)
    verifier.verify()
