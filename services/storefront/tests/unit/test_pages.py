def test_home_shows_featured_albums(client):
    """The home page lists the featured albums with links to their pages."""
    page = client.get("/")
    assert page.status_code == 200
    assert "Iron Psalms" in page.text
    assert 'href="/albums/album-metal"' in page.text


def test_search_finds_albums_by_artist(client):
    """Searching an artist's name lists their albums and the count."""
    page = client.get("/albums", params={"q": "cathedral"})
    assert page.status_code == 200
    assert "Iron Psalms" in page.text
    assert "1 album<" in page.text


def test_browse_pages_through_the_catalogue(client):
    """Browsing shows a page of 24 and a link to the next page."""
    page = client.get("/albums")
    assert "Page 1 of 2" in page.text
    assert 'rel="next" href="/albums?q=&amp;genre=&amp;page=2"' in page.text


def test_htmx_request_gets_only_the_results_fragment(client):
    """A request from htmx (HX-Request) gets the results list without the page around it."""
    fragment = client.get("/albums", params={"genre": "metal"}, headers={"HX-Request": "true"})
    assert "Iron Psalms" in fragment.text
    assert "<html" not in fragment.text


def test_album_page_shows_tracks_and_length(client):
    """The album page lists the tracks with their times and the total length."""
    page = client.get("/albums/album-1")
    assert page.status_code == 200
    assert "Opening" in page.text and "3:20" in page.text
    assert "1:05:00" in page.text


def test_unknown_album_is_a_404_page(client):
    """An unknown album id answers a friendly 404 page."""
    page = client.get("/albums/nope")
    assert page.status_code == 404
    assert "We don’t stock that one" in page.text


def test_pages_degrade_with_a_notice_and_503_when_catalog_is_down(client, catalog):
    """Without the catalog every page still renders, says so, and answers 503."""
    catalog.available = False
    for path in ("/", "/albums?q=blue", "/albums/album-1"):
        page = client.get(path)
        assert page.status_code == 503, path
        assert "The catalogue is unavailable right now." in page.text
        assert "Traceback" not in page.text
        assert page.headers["cache-control"] == "no-store"


def test_pages_are_accessible_landmarks(client):
    """Pages have a language, a labelled search field, a main landmark and one h1."""
    page = client.get("/").text
    assert '<html lang="en">' in page
    assert '<label for="q"' in page and 'id="q"' in page
    assert '<main id="main">' in page
    assert page.count("<h1") == 1
