import pytest

from musiccorp.catalog.domain.errors import InvalidSearch
from musiccorp.catalog.domain.search import AlbumSearch, Page


@pytest.mark.parametrize("kwargs, reason", [
    ({"page": 0}, "page numbers start at 1"),
    ({"size": 0}, "page size must be between 1 and 100"),
    ({"size": 101}, "page size must be between 1 and 100"),
    ({"genre": "polka"}, "unknown genre 'polka'"),
])
def test_unanswerable_searches_are_refused(kwargs, reason):
    """A search outside the catalogue's rules says why."""
    with pytest.raises(InvalidSearch, match=reason):
        AlbumSearch(**kwargs)


def test_offset_follows_page_and_size():
    """Page 3 of 20 starts after the first 40 albums."""
    assert AlbumSearch(page=3, size=20).offset == 40


def test_page_knows_its_neighbours():
    """The middle page has both a previous and a next page; the last has no next."""
    middle = Page(items=(), number=2, size=10, total=25)
    last = Page(items=(), number=3, size=10, total=25)
    assert (middle.pages, middle.has_previous, middle.has_next) == (3, True, True)
    assert (last.has_previous, last.has_next) == (True, False)


def test_an_empty_result_still_has_one_page():
    """Nothing found is page 1 of 1, not page 1 of 0."""
    assert Page(items=(), number=1, size=10, total=0).pages == 1
