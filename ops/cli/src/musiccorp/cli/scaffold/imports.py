"""The new service's own imports, placed where the project's import sorting (ruff's isort) wants them.

Where ``from musiccorp.<name>…`` goes among ``from musiccorp.chassis…``, and
where ``<Name>Error`` goes among ``InvalidItem, ItemNotFound``, depends on the
name, so the template cannot fix it: after rendering, each block of
``from musiccorp.… import …`` lines is sorted as ruff sorts it (modules
case-insensitively; names constants, then classes, then the rest) and a
statement longer than a line is wrapped, one name a line. Template rule: a
first-party import is one line, ``from musiccorp.<module> import <names>``.
"""

from __future__ import annotations

import re
from itertools import groupby

__all__ = ["LINE_LENGTH", "arrange"]

LINE_LENGTH = 120  # the root pyproject.toml's [tool.ruff] line-length
_FIRST_PARTY = re.compile(r"from (musiccorp(?:\.\w+)+) import (\w+(?:, \w+)*)")


def _name_key(name: str) -> tuple[int, str]:
    if len(name) > 1 and name.upper() == name and name.lower() != name:
        kind = 0  # a constant
    elif name[0].isupper():
        kind = 1  # a class
    else:
        kind = 2
    return kind, name.lower()


def _statement(module: str, names: list[str]) -> list[str]:
    line = f"from {module} import {', '.join(names)}"
    if len(line) <= LINE_LENGTH:
        return [line]
    return [f"from {module} import (", *(f"    {name}," for name in names), ")"]


def _sorted_block(lines: list[str]) -> list[str]:
    imported: dict[str, set[str]] = {}
    for line in lines:
        module, names = _FIRST_PARTY.fullmatch(line).groups()
        imported.setdefault(module, set()).update(names.split(", "))
    return [statement for module in sorted(imported, key=str.lower)
            for statement in _statement(module, sorted(imported[module], key=_name_key))]


def arrange(source: str) -> str:
    """``source`` (Python) with every block of single-line first-party imports sorted and fitted to the line."""
    lines = source.split("\n")
    arranged: list[str] = []
    for is_import, block in groupby(lines, key=lambda line: bool(_FIRST_PARTY.fullmatch(line))):
        block = list(block)
        arranged.extend(_sorted_block(block) if is_import else block)
    return "\n".join(arranged)
