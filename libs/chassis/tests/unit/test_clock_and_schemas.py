"""The fake wall clock tests pass for the real one, and the text fields of request bodies."""

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import BaseModel, ValidationError

from musiccorp.chassis.clock import utc_now
from musiccorp.chassis.schemas import OPTIONAL_TEXT_PATTERN, TEXT_PATTERN, optional_text_field, text_field
from musiccorp.chassis.testing import FakeUtcClock


def test_the_real_clock_is_utc():
    """The real clock answers timezone-aware UTC, never a naive local time."""
    assert utc_now().tzinfo is UTC


def test_the_fake_clock_stands_still_until_moved(clock):
    """The plugin's ``clock`` reads the same until the test moves it, by a timedelta or by parts."""
    start = clock()
    assert clock() == start == FakeUtcClock.START
    clock.advance(timedelta(minutes=15))
    clock.advance(seconds=30)
    assert clock() - start == timedelta(minutes=15, seconds=30)


def test_a_ticking_fake_clock_moves_after_every_reading():
    """With ``tick``, each reading moves the fake clock on by that much."""
    clock = FakeUtcClock(datetime(2026, 1, 1, tzinfo=UTC), tick=timedelta(minutes=1))
    assert [clock().minute for _ in range(3)] == [0, 1, 2]


def _rule(value: str, *, label: str, max_length: int) -> str:
    if value.strip() == "nobody":
        raise ValueError(f"{label}: refused by the domain")
    return value.strip()


class Body(BaseModel):
    enforced: text_field("enforced", 5, example="abc")
    ruled: text_field("ruled", 10, example="abc", rule=_rule)
    optional: optional_text_field("optional", 10, example="abc", rule=_rule) = None


def test_a_text_field_enforces_the_pattern_or_hands_the_value_to_the_rule():
    """Without a rule pydantic enforces TEXT_PATTERN; with one, the rule trims and refuses, blank optional is None."""
    body = Body(enforced="abc", ruled="  trimmed ", optional="   ")
    assert (body.ruled, body.optional) == ("trimmed", None)
    for bad in ({"enforced": " "}, {"enforced": "a\x07"}, {"enforced": "toolong"}, {"ruled": "nobody"}):
        with pytest.raises(ValidationError):
            Body(**{"enforced": "abc", "ruled": "abc", **bad})
    schema = Body.model_json_schema()["properties"]
    assert schema["enforced"]["pattern"] == schema["ruled"]["pattern"] == TEXT_PATTERN
    assert schema["optional"]["pattern"] == OPTIONAL_TEXT_PATTERN
