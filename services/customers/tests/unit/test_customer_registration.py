"""Registering a customer: what is normalised and what is refused."""

import pytest

from musiccorp.customers.domain.errors import InvalidCustomer
from musiccorp.customers.domain.events import CustomerRegistered
from musiccorp.customers.domain.model import Address, Customer, Status


def register(address: Address, **overrides) -> Customer:
    fields = {"customer_id": "c-1", "name": "Nina Valdés", "email": "nina@example.com", **overrides}
    return Customer.register(address=address, **fields)


def test_a_registered_customer_is_active_and_announced(address):
    """Registration yields an active customer and a CustomerRegistered event."""
    customer = register(address)
    assert customer.status is Status.ACTIVE
    assert customer.events == [CustomerRegistered("c-1")]


def test_email_is_normalised_to_lower_case_and_name_trimmed(address):
    """The email is stored lower-case; the name without blanks around it."""
    customer = register(address, email="Nina.Valdes@Example.COM", name="  Nina Valdés ")
    assert (customer.email, customer.name) == ("nina.valdes@example.com", "Nina Valdés")


@pytest.mark.parametrize("overrides, field", [
    ({"name": ""}, "name"),
    ({"name": "   "}, "name"),
    ({"name": "x" * 201}, "name"),
    ({"name": "Nina\x00"}, "name"),
    ({"email": "not-an-email"}, "email"),
    ({"email": "nina@localhost"}, "email"),
    ({"email": "ni na@example.com"}, "email"),
    ({"email": " nina@example.com"}, "email"),
    ({"email": "nina@example.com\n"}, "email"),
])
def test_invalid_name_or_email_is_refused(address, overrides, field):
    """A blank, overlong or control-character name, or a malformed email, raises InvalidCustomer."""
    with pytest.raises(InvalidCustomer) as raised:
        register(address, **overrides)
    assert raised.value.field == field


def test_address_is_normalised():
    """An address is trimmed, its country upper-cased and a blank second line dropped."""
    address = Address(line1=" 1 Quay ", line2="  ", city=" Bristol", postcode="BS1 4DJ ", country="gb")
    assert address == Address(line1="1 Quay", city="Bristol", postcode="BS1 4DJ", country="GB")
    assert address.line2 is None
    assert address.country_name == "United Kingdom of Great Britain and Northern Ireland"


@pytest.mark.parametrize("fields, field", [
    ({"country": "XX"}, "country"),
    ({"country": "GBR"}, "country"),
    ({"city": " "}, "city"),
    ({"line1": ""}, "line1"),
    ({"postcode": "x" * 21}, "postcode"),
])
def test_invalid_address_is_refused(fields, field):
    """An unknown country code or a blank or overlong part raises InvalidCustomer naming the part."""
    with pytest.raises(InvalidCustomer) as raised:
        Address(**{"line1": "1 Quay", "city": "Bristol", "postcode": "BS1 4DJ", "country": "GB", **fields})
    assert raised.value.field == field
