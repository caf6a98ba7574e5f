"""Building blocks of request bodies, shared by every service's ``entrypoints/schemas.py``.

Text a person types — a name, a line of an address — meets one rule at every
service's door: trimmed, not blank, not too long, no control characters.
:data:`TEXT_PATTERN` (and :data:`OPTIONAL_TEXT_PATTERN`, which allows nothing at
all) says so in the OpenAPI document. A field either lets pydantic enforce the
pattern, or hands the value to the domain's own rule (``rule``: it trims, and
refuses in the domain's words), the pattern then only documenting it::

    Name = text_field("name", model.NAME_MAX_LENGTH, example="Nina Valdés", rule=model.text)
    Line2 = optional_text_field("line2", model.LINE_MAX_LENGTH, example="Flat 3")
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from pydantic import AfterValidator, Field

__all__ = ["OPTIONAL_TEXT_PATTERN", "TEXT_PATTERN", "TextRule", "optional_text_field", "text_field"]

_CONTROL = r"\x00-\x1f\x7f-\x9f"
TEXT_PATTERN = rf"^[^{_CONTROL}]*[^\s{_CONTROL}][^{_CONTROL}]*$"
"""No control characters, and at least one character that is not blank."""
OPTIONAL_TEXT_PATTERN = rf"^[^{_CONTROL}]*$"
"""No control characters; blank is allowed (it means "none")."""

TextRule = Callable[..., str]
"""A domain's text rule: ``rule(value, label=..., max_length=...)`` is the value trimmed, or a ``ValueError``."""


def text_field(label: str, max_length: int, *, example: str, rule: TextRule | None = None) -> Any:
    """A required text field of at most ``max_length`` characters: :data:`TEXT_PATTERN`, or ``rule``."""
    if rule is None:
        return Annotated[str, Field(max_length=max_length, pattern=TEXT_PATTERN, examples=[example])]
    return Annotated[str, Field(max_length=max_length, examples=[example], json_schema_extra={"pattern": TEXT_PATTERN}),
                     AfterValidator(lambda value: rule(value, label=label, max_length=max_length))]


def optional_text_field(label: str, max_length: int, *, example: str, rule: TextRule | None = None) -> Any:
    """An optional text field: :data:`OPTIONAL_TEXT_PATTERN`; with ``rule``, blank is ``None`` and the rest its."""
    if rule is None:
        return Annotated[str | None, Field(max_length=max_length, pattern=OPTIONAL_TEXT_PATTERN, examples=[example])]

    def checked(value: str | None) -> str | None:
        return rule(value, label=label, max_length=max_length) if value and value.strip() else None

    return Annotated[str | None, Field(max_length=max_length, examples=[example],
                                       json_schema_extra={"pattern": OPTIONAL_TEXT_PATTERN}),
                     AfterValidator(checked)]
