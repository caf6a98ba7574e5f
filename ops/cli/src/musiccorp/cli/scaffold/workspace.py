"""Adding a new service's package to the uv workspace: two lines of the root ``pyproject.toml``.

The package goes into ``[project].dependencies`` (so ``make setup`` installs it)
and ``[tool.uv.sources]`` (so uv takes it from the workspace), each after the
last ``musiccorp-*`` entry there. The text is edited, not re-serialised, so its
comments and layout stay; the result is parsed again and must differ from what
was there only by those two entries.
"""

from __future__ import annotations

import copy
import re
import tomllib

from musiccorp.cli.scaffold.choices import CannotCreate

__all__ = ["with_package"]

_HEADER = re.compile(r"^\s*\[")
_OURS = re.compile(r'^\s*"?musiccorp-[A-Za-z0-9._-]+')


def with_package(text: str, distribution: str) -> str:
    """``text`` (the root ``pyproject.toml``) with ``distribution`` listed as a workspace dependency.

    Raises :class:`CannotCreate` when the file is no TOML, or has a shape these edits do not understand.
    """
    try:
        before = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CannotCreate(f"pyproject.toml is not valid TOML ({error}); fix it first") from None
    lines = text.splitlines(keepends=True)
    if distribution not in before.get("project", {}).get("dependencies", []):
        lines = _with_dependency(lines, distribution)
    if distribution not in before.get("tool", {}).get("uv", {}).get("sources", {}):
        lines = _with_source(lines, distribution)
    after_text = "".join(lines)
    expected = copy.deepcopy(before)
    dependencies = expected.setdefault("project", {}).setdefault("dependencies", [])
    if distribution not in dependencies:
        dependencies.append(distribution)
    expected.setdefault("tool", {}).setdefault("uv", {}).setdefault("sources", {})[distribution] = {"workspace": True}
    if _parsed(after_text) != _sorted(expected):
        raise CannotCreate(f"pyproject.toml has a shape new-service cannot edit safely; add {distribution!r} to "
                           f"[project].dependencies and '{distribution} = {{ workspace = true }}' to "
                           "[tool.uv.sources] by hand, then run new-service again")
    return after_text


def _parsed(text: str) -> dict | None:
    try:
        return _sorted(tomllib.loads(text))
    except tomllib.TOMLDecodeError:
        return None


def _sorted(document: dict) -> dict:
    """``document`` with its dependency list sorted, so that where the new entry went does not matter."""
    project = document.get("project", {})
    if isinstance(project.get("dependencies"), list):
        document = {**document, "project": {**project, "dependencies": sorted(project["dependencies"])}}
    return document


def _table(lines: list[str], header: str) -> tuple[int, int] | None:
    """The first and the past-the-end line of table ``[header]`` (its header line included)."""
    starts = [index for index, line in enumerate(lines) if line.strip() == f"[{header}]"]
    if not starts:
        return None
    start = starts[0]
    end = next((index for index in range(start + 1, len(lines)) if _HEADER.match(lines[index])), len(lines))
    return start, end


def _with_dependency(lines: list[str], distribution: str) -> list[str]:
    project = _table(lines, "project")
    if project is None:
        return lines
    start, end = project
    opening = next((index for index in range(start, end) if re.match(r"\s*dependencies\s*=\s*\[", lines[index])),
                   None)
    if opening is None:
        return lines
    closing = next((index for index in range(opening, end) if lines[index].rstrip().endswith("]")), None)
    if closing is None or closing == opening:  # a one-line list: put the new entry before its bracket
        line = lines[opening].rstrip("\n")
        head, _, tail = line.rpartition("]")
        separator = ", " if head.rstrip().rstrip("[").strip() else ""
        return [*lines[:opening], f'{head.rstrip()}{separator}"{distribution}"]{tail}\n', *lines[opening + 1:]]
    entries = [index for index in range(opening + 1, closing) if lines[index].strip()]
    ours = [index for index in entries if _OURS.match(lines[index])]
    after = ours[-1] if ours else (entries[-1] if entries else opening)
    indent = re.match(r"\s*", lines[after]).group() if after != opening else "    "
    new = [*lines]
    if after != opening and not new[after].rstrip().endswith(","):
        new[after] = new[after].rstrip("\n").rstrip() + ",\n"
    new.insert(after + 1, f'{indent}"{distribution}",\n')
    return new


def _with_source(lines: list[str], distribution: str) -> list[str]:
    entry = f"{distribution} = {{ workspace = true }}\n"
    sources = _table(lines, "tool.uv.sources")
    if sources is None:
        ending = "" if not lines or lines[-1].endswith("\n") else "\n"
        return [*lines[:-1], lines[-1] + ending if lines else "", "\n[tool.uv.sources]\n", entry]
    start, end = sources
    ours = [index for index in range(start + 1, end) if _OURS.match(lines[index])]
    filled = [index for index in range(start, end) if lines[index].strip()]
    after = ours[-1] if ours else filled[-1]
    return [*lines[:after + 1], entry, *lines[after + 1:]]
