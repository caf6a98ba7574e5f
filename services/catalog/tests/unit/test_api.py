import pytest
from starlette.testclient import TestClient

from musiccorp.catalog.bootstrap import bootstrap
from musiccorp.catalog.config import CatalogSettings
from musiccorp.catalog.entrypoints.api import create_app
from musiccorp.chassis.discovery import InMemoryRegistry


@pytest.fixture
def client(repository):
    catalog = bootstrap(CatalogSettings(), repository=repository, registry=InMemoryRegistry())
    with TestClient(create_app(catalog)) as client:
        yield client


def test_album_is_hal_with_links_to_itself_and_its_artist(client):
    """GET /v1/albums/{id} is a HAL document linking self and artist."""
    response = client.get("/v1/albums/album-1")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/hal+json"
    album = response.json()
    assert album["_links"] == {"self": {"href": "/v1/albums/album-1"},
                               "artist": {"href": "/v1/artists/artist-nina"}}
    assert album["price"] == {"amount": "9.99", "currency": "GBP"}
    assert [t["number"] for t in album["tracks"]] == [1, 2, 3]


def test_current_etag_gets_304(client):
    """If-None-Match with the album's current ETag answers 304 Not Modified."""
    first = client.get("/v1/albums/album-1")
    assert "max-age=60" in first.headers["cache-control"]
    again = client.get("/v1/albums/album-1", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.headers["etag"] == first.headers["etag"]


def test_unknown_album_is_404_problem(client):
    """An unknown album id answers 404 problem+json naming the id."""
    response = client.get("/v1/albums/missing")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert "missing" in response.json()["detail"]


def test_listing_pages_with_next_and_prev_links(client):
    """Paging links lead to the neighbouring pages and keep the filters."""
    page = client.get("/v1/albums", params={"size": 1, "page": 2, "genre": "jazz"}).json()
    assert page["total"] == 2
    assert page["_links"]["prev"]["href"] == "/v1/albums?genre=jazz&page=1&size=1"
    assert "next" not in page["_links"]
    assert [a["title"] for a in page["_embedded"]["albums"]] == ["Night Swimmers"]


@pytest.mark.parametrize("params", [{"size": 0}, {"size": 1000}, {"page": 0}, {"genre": "polka"}])
def test_bad_listing_parameters_are_422_problems(client, params):
    """Out-of-range paging or an unknown genre answers 422 problem+json."""
    response = client.get("/v1/albums", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


def test_artist_embeds_their_albums(client):
    """GET /v1/artists/{id} embeds the artist's albums and links to the listing."""
    artist = client.get("/v1/artists/artist-cold").json()
    assert artist["_links"]["albums"] == {"href": "/v1/albums?artist_id=artist-cold"}
    assert [a["title"] for a in artist["_embedded"]["albums"]] == ["Iron Psalms"]
