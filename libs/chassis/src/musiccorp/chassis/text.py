"""The rule for text a person types — a name, a line of an address — the same in every service.

It is plain Python (the standard library only), so it is the one part of the
chassis a domain may use: each domain calls :func:`clean_text` from its own rule
and refuses in its own words, and ``musiccorp.chassis.schemas`` documents the
same rule in every OpenAPI document::

    def text(value: str, *, label: str, max_length: int) -> str:
        try:
            return clean_text(value, max_length=max_length)
        except ValueError as refusal:
            raise InvalidCustomer(label, str(refusal)) from None
"""

from __future__ import annotations

import unicodedata

__all__ = ["clean_text"]

_UNPRINTABLE = ("Cc", "Cs")  # control characters and lone surrogates: nothing a person means to type


def clean_text(value: str, *, max_length: int) -> str:
    """``value`` without surrounding blanks; a ``ValueError`` saying why when it is blank, longer than
    ``max_length`` characters, or holds a control character.

    >>> clean_text("  Nina Valdés ", max_length=10)
    'Nina Valdés'
    """
    cleaned = value.strip()
    if not cleaned:
        raise ValueError("must not be blank")
    if len(cleaned) > max_length:
        raise ValueError(f"must be at most {max_length} characters")
    if any(unicodedata.category(char) in _UNPRINTABLE for char in cleaned):
        raise ValueError("must not contain control characters")
    return cleaned
