"""Checking what a person typed, before it is worth sending to a service: each mistake named by field."""

from __future__ import annotations

from collections.abc import Mapping

from musiccorp.storefront.domain.countries import COUNTRIES

ADDRESS_REQUIRED = {"name": "your name", "line1": "your address", "city": "your town or city",
                    "postcode": "your postcode", "country": "your country"}
ADDRESS_LONGEST = {"name": 200, "line1": 200, "line2": 200, "city": 100, "postcode": 20, "country": 2}


def form_problems(values: Mapping[str, str], *, required: Mapping[str, str] = ADDRESS_REQUIRED,
                  longest: Mapping[str, int] = ADDRESS_LONGEST) -> dict[str, str]:
    """Field → what to correct: empty required fields, overlong ones, a country not in the list."""
    problems = {field: f"Please enter {what}." for field, what in required.items() if not values.get(field)}
    for field, limit in longest.items():
        if field not in problems and len(values.get(field, "")) > limit:
            problems[field] = f"Please keep this under {limit + 1} characters."
    if "country" in required and "country" not in problems and values.get("country") not in COUNTRIES:
        problems["country"] = "Please choose a country from the list."
    return problems


def whole_number(text: str, *, most: int) -> int | None:
    """``text`` as a number from 0 to ``most``, or ``None``. ASCII digits only: ``"²".isdigit()`` is true,
    yet ``int("²")`` fails."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(most)):
        return None
    number = int(text)
    return number if number <= most else None


def email_problem(email: str) -> str | None:
    if not email:
        return "Please enter your email."
    if "@" not in email or len(email) > 320:
        return "Please enter an email address like name@example.com."
    return None


def safe_next(target: str | None, *, default: str) -> str:
    """Where to go after signing in: a path of this site only, so a link cannot send a shopper elsewhere."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")) and len(target) <= 512:
        return target
    return default
