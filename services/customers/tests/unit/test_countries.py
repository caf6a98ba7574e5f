"""The customers' own copy of ISO 3166-1 (practice 5.8)."""

import re

from musiccorp.customers.domain.countries import COUNTRIES


def test_every_officially_assigned_code_is_listed_once():
    """All 249 officially assigned alpha-2 codes are there, each two capital letters, in order."""
    assert len(COUNTRIES) == 249
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in COUNTRIES)
    assert list(COUNTRIES) == sorted(COUNTRIES)


def test_codes_carry_their_english_short_names():
    """A code looks up its English short name; user-assigned codes are absent."""
    assert COUNTRIES["KR"] == "Korea, Republic of"
    assert COUNTRIES["AX"] == "Åland Islands"
    assert "XK" not in COUNTRIES and "UK" not in COUNTRIES
