"""The docs tour: every command and local link that the README and the "How to see it" column of
``docs/practices.md`` tell a reader to run or open, in the order a reader meets them.

``e2e/test_docs_tour.py`` runs each one against a system it starts; ``tests/docs/test_doc_tour.py`` checks,
without a system, that every one of them can be run as written. The commands are read from the documents
themselves, so a doc change cannot leave an untested command behind.

What counts, in fenced blocks (one command a line, ``  # comment`` dropped), in inline code spans and in
``<http://…>`` links:

- ``musiccorp …`` or ``.venv/bin/musiccorp …`` — a CLI command; it must exit 0;
- ``curl …`` — an HTTP request; it must answer 2xx/3xx;
- ``sqlite3``, ``ls``, ``python`` (after any ``NAME=value`` settings) — a shell command; it must exit 0;
- ``make TARGET`` — named, not run (the tour itself runs under ``make test``); the target must exist;
- ``<http://127.0.0.1:PORT/…>`` — a page to open; it must answer 2xx/3xx.

An expectation written right after a span overrides the default: ``→ 409`` (an HTTP status) or ``→ exit 1``.
Placeholders such as ``<album id>`` are filled by the tour from the running system. A span written as a
shorthand no tool understands (``:8101/x``, ``PUT :8900/x``) is an error: a reader could not run it.

    python ops/checks/doctour.py [ROOT]     # list the tour
"""

from __future__ import annotations

import re
import shlex
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["PLACEHOLDERS", "DocError", "Step", "read_tour"]

DOCUMENTS = ("README.md", "docs/practices.md")
SEE_IT_COLUMN = "How to see it"
# Placeholders a tour fills from the running system; a document may use no others.
PLACEHOLDERS = {
    "album id": "an album in the catalogue, in stock",
    "customer id": "a registered customer who has ordered",
    "order id": "that customer's completed order, its parcel dispatched",
    "correlation id": "the X-Correlation-ID of a page view",
}
_CLI = {"musiccorp", ".venv/bin/musiccorp"}
_SHELL = {"sqlite3", "ls", "python", ".venv/bin/python"}
_SETTING = re.compile(r"^(?:[A-Z_][A-Z0-9_]*=\S*\s+)*")
_SHORTHAND = re.compile(r"^(?:(?:GET|PUT|POST|PATCH|DELETE)\s+)?:\d+")
_SPAN = re.compile(r"`([^`]+)`")
_LINK = re.compile(r"<(https?://[^\s<>]+)>")
_EXPECT = re.compile(r"^\s*→\s*(?:(exit)\s+(\d+)|(\d{3})\b)")
_PLACEHOLDER = re.compile(r"<([a-z][a-z ]*)>")
_LOCAL = re.compile(r"^https?://(?:127\.0\.0\.1|localhost):\d+")


class DocError(Exception):
    """A document tells the reader to run something that cannot be run as written."""


@dataclass(frozen=True, slots=True)
class Step:
    """One thing the docs tell a reader to run or open."""

    source: str  # "README.md:57"
    text: str  # as written (``\\|`` in a table already unescaped)
    kind: str  # "cli", "http", "shell", "make" or "link"
    expect: int | None = None  # the HTTP status (http, link) or exit code (cli, shell) the docs promise

    @property
    def words(self) -> list[str]:
        return shlex.split(_SETTING.sub("", self.text))

    @property
    def placeholders(self) -> list[str]:
        return _PLACEHOLDER.findall(self.text)

    @property
    def long_running(self) -> bool:
        """A command that runs until stopped: ``--follow``, ``events tail`` without a count, ``up`` in front."""
        if self.kind != "cli":
            return False
        args = self.words[1:]
        if "--follow" in args or "-f" in args:
            return True
        if args[:2] == ["events", "tail"]:
            return not {"--count", "-n"} & set(args)
        return args[:1] == ["up"] and not {"--detach", "-d"} & set(args)

    @property
    def expected(self) -> str:
        if self.kind in ("http", "link"):
            return f"HTTP {self.expect}" if self.expect else "HTTP 2xx/3xx"
        return f"exit {self.expect or 0}"

    def __str__(self) -> str:
        return f"{self.source}: {self.text}"


def classify(text: str) -> str | None:
    """What kind of step a code span is, or ``None`` for a span that is no command (a name, a path, a header)."""
    if _SHORTHAND.match(text):
        raise DocError(f"{text!r} is a shorthand no tool runs; write a curl command or an http:// link")
    try:
        words = shlex.split(_SETTING.sub("", text))
    except ValueError:
        return None
    if len(words) < 2:  # a bare name (`musiccorp`, `make`) mentions a tool, it is no command
        return None
    return _kind_of(words[0])


def _kind_of(program: str) -> str | None:
    """The kind of step a command running ``program`` is, or ``None`` for a program the tour does not run."""
    if program in _CLI:
        return "cli"
    if program == "curl":
        return "http"
    if program == "make":
        return "make"
    if program in _SHELL:
        return "shell"
    return None


def _expectation(after: str) -> int | None:
    match = _EXPECT.match(after)
    if not match:
        return None
    return int(match.group(2) if match.group(1) else match.group(3))


def _from_prose(text: str, *, name: str, first_line: int) -> Iterator[Step]:
    """The commands in the inline code spans, and the local links, of one paragraph or table cell (a span may
    wrap across lines)."""
    found: list[tuple[int, Step]] = []

    def source(at: int) -> str:
        return f"{name}:{first_line + text.count(chr(10), 0, at)}"

    for span in _SPAN.finditer(text):
        code = " ".join(span.group(1).replace("\\|", "|").split())
        if (kind := classify(code)) is not None:
            found.append((span.start(), Step(source(span.start()), code, kind, _expectation(text[span.end():]))))
    for link in _LINK.finditer(text):
        if _LOCAL.match(link.group(1)):
            found.append((link.start(), Step(source(link.start()), link.group(1), "link",
                                             _expectation(text[link.end():]))))
    yield from (step for _, step in sorted(found, key=lambda pair: pair[0]))


def _cells(row: str) -> list[str]:
    """A Markdown table row's cells; ``\\|`` stays inside its cell."""
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row.strip().strip("|"))]


def _fenced(line: str, *, source: str) -> Iterator[Step]:
    """The command on one line of a fenced block, its comment dropped, when it is one the tour runs."""
    command = re.sub(r"\s+#\s.*$", "", line).strip()
    if command and (kind := classify(command)) is not None:
        yield Step(source, command, kind)


def _steps_of(path: Path, name: str) -> Iterator[Step]:
    in_fence = False
    see_it: int | None = None
    paragraph: list[str] = []
    start = 0
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate([*lines, ""], start=1):
        in_table = line.startswith("|")
        if paragraph and (not line.strip() or in_table or in_fence or line.lstrip().startswith("```")):
            yield from _from_prose("\n".join(paragraph), name=name, first_line=start)
            paragraph = []
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
            continue
        if in_fence:
            yield from _fenced(line, source=f"{name}:{number}")
            continue
        if not in_table:
            see_it = None
            if line.strip():
                start = start if paragraph else number
                paragraph.append(line)
            continue
        cells = _cells(line)
        if name != "docs/practices.md":
            yield from _from_prose(line, name=name, first_line=number)
        elif SEE_IT_COLUMN in cells:
            see_it = cells.index(SEE_IT_COLUMN)
        elif see_it is not None and not set(line) <= set("|-: ") and see_it < len(cells):
            yield from _from_prose(cells[see_it], name=name, first_line=number)


def read_tour(root: Path) -> list[Step]:
    """Every step of the docs, in reading order: the README first, then the practices."""
    steps = [step for name in DOCUMENTS for step in _steps_of(root / name, name)]
    for step in steps:
        unknown = [name for name in step.placeholders if name not in PLACEHOLDERS]
        if unknown:
            raise DocError(f"{step}: unknown placeholder <{unknown[0]}>; known: "
                           + ", ".join(f"<{name}>" for name in PLACEHOLDERS))
    return steps


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[2]
    try:
        steps = read_tour(root)
    except DocError as error:
        print(f"doctour: {error}", file=sys.stderr)
        return 1
    for step in steps:
        flags = " (runs until stopped)" if step.long_running else ""
        print(f"{step.source:<24} {step.kind:<5} {step.expected:<13} {step.text}{flags}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
