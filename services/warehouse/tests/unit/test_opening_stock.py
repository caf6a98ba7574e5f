"""The opening stock shipped with the service: one count per catalogue album, taken once at the split (5.10)."""

from musiccorp.warehouse.domain.lines import is_id


def test_every_album_of_the_split_has_a_count_of_0_to_40(opening_stock):
    """255 albums, each named by a valid id, each with 0 to 40 units."""
    on_hand = opening_stock
    assert len(on_hand) == 255
    assert all(is_id(album_id) for album_id in on_hand)
    assert all(0 <= units <= 40 for units in on_hand.values())


def test_a_few_albums_are_sold_out_or_down_to_their_last_copy_for_demos(opening_stock):
    """Some albums at 0 and some at 1, but most well stocked."""
    units = list(opening_stock.values())
    assert 1 <= units.count(0) <= 10 and 1 <= units.count(1) <= 10
    assert sum(count >= 3 for count in units) >= 240
