"""Where the warehouse ships, and in which zone (practice 5.8, static reference data as code).

The countries we ship to are reference data that changes when the business
signs a new carrier, a few times a year, and every change is a release of the
warehouse anyway (rates, customs forms, labels). So the table is a module of
the domain, reviewed and versioned with the code that relies on it: no service
to call, no table to sync, no library to release in step with others. The
decision and its trade-offs are recorded in docs/adr/0007-static-reference-data.md.

A country missing here is one we do not ship to: a reservation for it is refused.
"""

from __future__ import annotations

from enum import StrEnum
from types import MappingProxyType

from musiccorp.warehouse.domain.errors import UnsupportedDestination


class Zone(StrEnum):
    DOMESTIC = "domestic"  # from the Bristol warehouse to an address in Great Britain
    EUROPE = "europe"  # the EU, the EEA and Switzerland: one carrier, one customs regime
    WORLD = "world"  # the few further countries our international carrier serves


_EUROPE = ("AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IS",
           "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK")
_WORLD = ("AU", "CA", "HK", "JP", "KR", "NZ", "SG", "US", "ZA")

ZONES = MappingProxyType({"GB": Zone.DOMESTIC, **dict.fromkeys(_EUROPE, Zone.EUROPE),
                          **dict.fromkeys(_WORLD, Zone.WORLD)})


def zone_for(country: str) -> Zone:
    """The zone of ``country`` (ISO 3166-1 alpha-2, upper case); raises UnsupportedDestination off our map."""
    try:
        return ZONES[country]
    except KeyError:
        raise UnsupportedDestination(country) from None
