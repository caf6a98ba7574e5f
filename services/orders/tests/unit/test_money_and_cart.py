"""Money in minor units, and the cart's arithmetic and limits."""

import pytest

from musiccorp.orders.domain.cart import Cart, CartItem
from musiccorp.orders.domain.errors import InvalidOrder
from musiccorp.orders.domain.model import MAX_LINES, PricedAlbum
from musiccorp.orders.domain.money import Money


@pytest.mark.parametrize("amount, minor", [("9.99", 999), ("0.00", 0), ("120.50", 12050)])
def test_money_reads_the_catalogs_decimal_strings_exactly(amount, minor):
    """A two-decimal amount becomes exact pence and renders back the same."""
    money = Money.parse(amount, "GBP")
    assert (money.minor, money.amount) == (minor, amount)


@pytest.mark.parametrize("amount, currency", [("9.9", "GBP"), ("9.999", "GBP"), ("-1.00", "GBP"), ("1e3", "GBP"),
                                              (9.99, "GBP"), ("9.99", "gbp")])
def test_money_refuses_anything_but_two_decimals_and_a_currency_code(amount, currency):
    """Floats, other precisions, signs and lower-case currencies raise ValueError."""
    with pytest.raises(ValueError):
        Money.parse(amount, currency)


def test_money_of_two_currencies_does_not_add():
    """GBP + EUR raises instead of inventing a rate."""
    with pytest.raises(ValueError, match="EUR"):
        Money(100, "GBP") + Money(100, "EUR")


def test_the_shop_sells_in_pounds_only():
    """An album priced in another currency is refused."""
    with pytest.raises(InvalidOrder):
        PricedAlbum("a", "Title", "Artist", Money(100, "EUR"))


def item(album_id: str, quantity: int = 1) -> CartItem:
    return CartItem(album_id=album_id, title=f"Album {album_id}", artist="Artist", unit_price=Money(999),
                    quantity=quantity)


def test_a_cart_counts_items_and_totals_their_prices():
    """Two lines of 2 and 1 at 9.99: three items, 29.97; an empty cart totals 0.00."""
    cart = Cart("c-1").with_item(item("a", 2)).with_item(item("b"))
    assert (cart.item_count, cart.total.amount) == (3, "29.97")
    assert Cart("c-1").total.amount == "0.00"


def test_putting_an_album_again_replaces_it_in_its_place():
    """The quantity changes; the item keeps its position."""
    cart = Cart("c-1").with_item(item("a")).with_item(item("b")).with_item(item("a", 5))
    assert [(i.album_id, i.quantity) for i in cart.items] == [("a", 5), ("b", 1)]
    assert [i.album_id for i in cart.without("a").items] == ["b"]


def test_a_full_cart_takes_no_new_album_but_changes_held_ones():
    """At MAX_LINES albums a new one is refused; changing a held one is fine."""
    cart = Cart("c-1")
    for number in range(MAX_LINES):
        cart = cart.with_item(item(f"a{number}"))
    with pytest.raises(InvalidOrder, match="at most"):
        cart.with_item(item("one-more"))
    assert cart.with_item(item("a0", 3)).item_count == MAX_LINES + 2


@pytest.mark.parametrize("quantity", [0, 11])
def test_a_cart_quantity_is_one_to_ten(quantity):
    """Quantities outside 1..10 raise InvalidOrder."""
    with pytest.raises(InvalidOrder):
        Cart("c-1").with_item(item("a", quantity))
