"""The text rule every domain uses: what it keeps, and what it refuses in which words."""

from __future__ import annotations

import re

import pytest

from musiccorp.chassis.schemas import TEXT_PATTERN
from musiccorp.chassis.text import clean_text


def test_text_is_kept_without_surrounding_blanks():
    """Blanks around the text go; blanks and letters of any script inside it stay."""
    assert clean_text("  Nina  Valdés\t", max_length=20) == "Nina  Valdés"
    assert clean_text("Łódź 北京", max_length=7) == "Łódź 北京"


@pytest.mark.parametrize(("value", "reason"), [
    ("", "must not be blank"),
    (" \t\n", "must not be blank"),
    ("abcdef", "must be at most 5 characters"),
    ("ab\x00c", "must not contain control characters"),
    ("ab\x1bc", "must not contain control characters"),
    ("ab\ud800", "must not contain control characters"),
])
def test_refusals_say_why(value, reason):
    """Blank, too long and control characters are refused, each with a reason a person can act on."""
    with pytest.raises(ValueError, match=f"^{reason}$"):
        clean_text(value, max_length=5)


def test_the_length_counts_what_is_kept():
    """Surrounding blanks do not count towards the length."""
    assert clean_text("   abcde   ", max_length=5) == "abcde"


@pytest.mark.parametrize("value", ["Nina", " a ", "x\x7fy", "\x85", "a\u200bb"])
def test_the_openapi_pattern_documents_the_same_rule(value):
    """What the rule keeps (after trimming) matches the pattern the OpenAPI documents say, and what it refuses
    for a control character the pattern refuses too."""
    try:
        kept = clean_text(value, max_length=10)
    except ValueError:
        assert not re.fullmatch(TEXT_PATTERN, value)
    else:
        assert re.fullmatch(TEXT_PATTERN, kept)
