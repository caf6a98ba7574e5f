"""``musiccorp new-service NAME``: a new service in the documented anatomy (``docs/anatomy.md``), with passing tests,
added to the workspace.

It writes ``services/NAME/`` — one example aggregate (``Item``: command ``AddItem``,
domain event ``ItemAdded``, published as ``NAME.item.added.v1`` through the outbox)
in every role file a service with a database has, its manifest, package, README
and tests in every tier — and the committed event schema under
``contracts/events/NAME/``, then lists the package in the root ``pyproject.toml``.

Like every command it only writes files: it imports no service and not the
chassis. :mod:`.choices` checks what was asked, :mod:`.workspace` edits the root
``pyproject.toml``, :mod:`.writer` renders ``template/`` and moves the result in,
all of it or nothing.
"""

from __future__ import annotations

from pathlib import Path

from musiccorp.cli.scaffold.choices import BadArgument, CannotCreate, Choices, choose
from musiccorp.cli.scaffold.workspace import with_package
from musiccorp.cli.scaffold.writer import write

__all__ = ["BadArgument", "CannotCreate", "new_service"]


def new_service(root: Path, name: str, *, port: str | None = None, owner: str | None = None,
                tier: str | None = None, on_call: str | None = None, description: str | None = None) -> str:
    """Write service ``name`` under ``root`` and add it to the workspace; what was done and what to do next."""
    choices = choose(root, name, port=port, owner=owner, tier=tier, on_call=on_call, description=description)
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file():
        raise CannotCreate(f"{root} has no pyproject.toml: set MUSICCORP_ROOT to the repository")
    new_pyproject = with_package(pyproject.read_text(encoding="utf-8"), choices.distribution)
    written = write(root, choices, new_pyproject)
    return _report(choices, files=len(written))


def _report(choices: Choices, *, files: int) -> str:
    name = choices.name
    steps = [
        (".tools/bin/uv lock && make setup", "install it into the workspace"),
        (f".venv/bin/pytest services/{name}", "its tests: unit, integration (SQLite, PostgreSQL), contract"),
        (".venv/bin/musiccorp up", f"runs it with the rest: http://127.0.0.1:{choices.port}/docs"),
    ]
    width = max(len(command) for command, _ in steps)
    return "\n".join([
        f"Wrote services/{name}/ and contracts/events/{name}/ ({files} files): port {choices.port}, owner "
        f"{choices.owner}, tier {choices.tier}; added {choices.distribution} to the workspace (pyproject.toml).",
        "Next:",
        *(f"  {command.ljust(width)}   {what}" for command, what in steps),
        f"Then make it yours: rename the example aggregate (Item), and say why {name} is a service of its own in "
        f"services/{name}/service.toml (why_separate) and its README.md.",
    ])
