"""Rendering the template and putting the result in place, all of it or nothing.

The template is the tree under ``template/`` as it lands in the repository
(``services/{{name}}/…``, ``contracts/events/{{name}}/…``), every file ending in
``.tmpl`` so that no tool takes it for code of its own. Placeholders
(``{{name}}``, ``{{Name}}``, ``{{port}}``…) are replaced in one pass by plain
string replacement, in paths and in contents; in Python files the service's own
imports are then put in the order the project's linter wants (:mod:`.imports`).

Everything is rendered into a staging folder inside the repository first (so
that moving it is a rename on one file system), checked, then moved: the
service folder, its contracts folder, and last the new ``pyproject.toml`` over
the old one. When a step fails, the steps already done are undone.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import tomllib
from collections.abc import Mapping
from pathlib import Path

from musiccorp.cli.scaffold.choices import TEMPLATE, CannotCreate, Choices
from musiccorp.cli.scaffold.imports import arrange

__all__ = ["SUFFIX", "placeholders", "render", "write"]

SUFFIX = ".tmpl"
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


def placeholders(choices: Choices) -> dict[str, str]:
    """What each placeholder of the template stands for; ``*_toml`` values are TOML strings, quotes included."""
    return {
        "name": choices.name,
        "Name": choices.class_name,
        "NAME": choices.name.upper(),
        "distribution": choices.distribution,
        "port": str(choices.port),
        "tier": str(choices.tier),
        "owner": choices.owner,
        "on_call": choices.on_call,
        "description": choices.description,
        # A JSON string without control characters (refused earlier) is a TOML basic string.
        "owner_toml": json.dumps(choices.owner, ensure_ascii=False),
        "on_call_toml": json.dumps(choices.on_call, ensure_ascii=False),
        "description_toml": json.dumps(choices.description, ensure_ascii=False),
    }


def _substitute(text: str, values: Mapping[str, str], *, where: Path) -> str:
    def value(match: re.Match[str]) -> str:
        try:
            return values[match.group(1)]
        except KeyError:
            raise RuntimeError(f"template {where} uses the unknown placeholder {match.group()}") from None

    return _PLACEHOLDER.sub(value, text)


def render(values: Mapping[str, str], into: Path) -> list[Path]:
    """Write the template, placeholders filled in, under ``into``; the files written, relative to it."""
    written = []
    for source in sorted(TEMPLATE.rglob(f"*{SUFFIX}")):
        relative = Path(_substitute(source.relative_to(TEMPLATE).as_posix()[:-len(SUFFIX)], values, where=source))
        target = into / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        text = _substitute(source.read_text(encoding="utf-8"), values, where=source)
        target.write_text(arrange(text) if target.suffix == ".py" else text, encoding="utf-8")
        written.append(relative)
    return written


def _check_manifest(service: Path, choices: Choices) -> None:
    """The rendered ``service.toml`` reads back as the values chosen (a guard on the template and its quoting)."""
    manifest = tomllib.loads((service / "service.toml").read_text(encoding="utf-8"))
    wanted = {"name": choices.name, "owner": choices.owner, "tier": choices.tier, "on_call": choices.on_call,
              "description": choices.description}
    if {key: manifest["service"].get(key) for key in wanted} != wanted or manifest["run"]["port"] != choices.port:
        raise RuntimeError(f"the rendered service.toml does not say what was chosen: {manifest}")


def write(root: Path, choices: Choices, pyproject: str) -> list[Path]:
    """Render the service for ``choices`` and put it in place under ``root``, with ``pyproject`` as the new root
    ``pyproject.toml``; the files written, relative to ``root``. All or nothing."""
    staging = Path(tempfile.mkdtemp(prefix=".musiccorp-new-service-", dir=root))
    try:
        written = render(placeholders(choices), staging)
        _check_manifest(staging / "services" / choices.name, choices)
        (staging / "pyproject.toml").write_text(pyproject, encoding="utf-8")
        shutil.copymode(root / "pyproject.toml", staging / "pyproject.toml")
        _move_in(staging, root, choices.name)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _move_in(staging: Path, root: Path, name: str) -> None:
    """Move the rendered folders, then the new ``pyproject.toml``, into ``root``; undo the moves on failure."""
    moved: list[Path] = []
    created: list[Path] = []
    try:
        for folder in (Path("services") / name, Path("contracts") / "events" / name):
            target = root / folder
            missing = [parent for parent in reversed(target.parents) if not parent.exists()]
            target.parent.mkdir(parents=True, exist_ok=True)
            created.extend(missing)
            if target.exists():
                raise CannotCreate(f"{folder.as_posix()} appeared while new-service ran; nothing was written")
            (staging / folder).rename(target)
            moved.append(target)
        os.replace(staging / "pyproject.toml", root / "pyproject.toml")
    except BaseException:
        for target in reversed(moved):
            shutil.rmtree(target, ignore_errors=True)
        for parent in reversed(created):
            try:
                parent.rmdir()
            except OSError:
                pass
        raise
