"""Shipping destinations, reference data kept as code (practice 5.8, ADR 0007)."""

import re

import pytest

from musiccorp.warehouse.domain.destinations import ZONES, Zone, zone_for
from musiccorp.warehouse.domain.errors import UnsupportedDestination


@pytest.mark.parametrize("country, zone", [
    ("GB", Zone.DOMESTIC), ("FR", Zone.EUROPE), ("NO", Zone.EUROPE), ("CH", Zone.EUROPE), ("US", Zone.WORLD),
    ("JP", Zone.WORLD),
])
def test_each_country_we_ship_to_has_its_zone(country, zone):
    """Great Britain is domestic; the EU, the EEA and Switzerland are Europe; a few others are the world."""
    assert zone_for(country) is zone


@pytest.mark.parametrize("country", ["BR", "RU", "XX", "gb", ""])
def test_anywhere_else_is_unsupported(country):
    """A country off the map, unknown, or not written as an upper-case code raises UnsupportedDestination."""
    with pytest.raises(UnsupportedDestination):
        zone_for(country)


def test_the_map_is_upper_case_alpha_2_codes_with_every_zone_used():
    """Every key is an ISO 3166-1 alpha-2 shape; every zone has at least one country; the EU is all there."""
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in ZONES)
    assert set(ZONES.values()) == set(Zone)
    assert sum(zone is Zone.EUROPE for zone in ZONES.values()) == 27 + 3 + 1  # EU, EEA, Switzerland
