"""The documents a reader follows can be followed: every command in them runs as written (checked here without a
system; ``e2e/test_docs_tour.py`` runs them), every path they name exists, and no link leaves the repository."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("doctour", ROOT / "ops" / "checks" / "doctour.py")
doctour = sys.modules.setdefault("doctour", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(doctour)

_REPO_PATH = re.compile(r"^(?:libs|services|ops|contracts|docs|e2e|thirdparty|bench|tests)/[^\s`]*$")
_MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)\)")


def _documents() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md")), *sorted(ROOT.glob("*/*/README.md")),
            *sorted(ROOT.glob("libs/*/README.md"))]


def test_every_command_in_the_docs_can_be_run_as_written():
    """No shorthand a shell cannot run, no placeholder the tour cannot fill, and the tour is not empty."""
    steps = doctour.read_tour(ROOT)
    kinds = {step.kind for step in steps}
    assert {"cli", "http", "link", "shell", "make"} <= kinds, kinds
    assert any(step.long_running for step in steps)


def test_every_make_target_the_docs_name_exists():
    targets = set(re.findall(r"^([A-Za-z][\w-]*):", (ROOT / "Makefile").read_text(), flags=re.MULTILINE))
    named = {step.words[1]: step for step in doctour.read_tour(ROOT) if step.kind == "make"}
    missing = [str(step) for target, step in named.items() if target not in targets]
    assert not missing, f"make targets the docs name but the Makefile lacks: {missing}"


def test_every_path_the_docs_name_exists():
    """``services/orders/.../domain/saga.py`` and the like: ``...`` stands for any folders between."""
    missing = []
    for document in (ROOT / "README.md", ROOT / "docs" / "practices.md"):
        text = document.read_text(encoding="utf-8")
        for span in re.findall(r"`([^`]+)`", text):
            path = span.split("::", 1)[0]
            if not _REPO_PATH.match(path):
                continue
            pattern = path.rstrip("/").replace("/.../", "/**/")
            if not any(ROOT.glob(pattern)):
                missing.append(f"{document.relative_to(ROOT)}: {span}")
    assert not missing, "paths named in the docs that do not exist:\n" + "\n".join(missing)


@pytest.mark.parametrize("document", _documents(), ids=lambda path: str(path.relative_to(ROOT)))
def test_links_stay_inside_the_repository_and_lead_somewhere(document):
    """A clone must stand alone: a relative link never leaves the repository and its target exists."""
    text = document.read_text(encoding="utf-8")
    broken = ["../shared"] if "../shared" in text else []  # beside a checkout, never in a clone
    for target in _MARKDOWN_LINK.findall(text):
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            continue
        resolved = (document.parent / target.split("#", 1)[0]).resolve()
        if not resolved.is_relative_to(ROOT) or not resolved.exists():
            broken.append(target)
    assert not broken, f"{document.relative_to(ROOT)} links outside the repository or to nothing: {broken}"


# The reader of the docs, on small documents made here.

def _tour_of(tmp_path: Path, readme: str, practices: str = "") -> list:
    (tmp_path / "docs").mkdir()
    (tmp_path / "README.md").write_text(readme)
    (tmp_path / "docs" / "practices.md").write_text(practices)
    return doctour.read_tour(tmp_path)


def test_fenced_commands_lose_their_comments_and_prose_spans_keep_their_expectation(tmp_path):
    steps = _tour_of(tmp_path, (
        "```\n.venv/bin/musiccorp up --detach   # start it\n```\n\n"
        "Then `curl -X DELETE 127.0.0.1:8108/v1/shipments/<order id>` → 409, and `musiccorp` is the tool:\n"
        "`musiccorp status` → exit 1 when nothing runs.\n"))
    assert [(step.source, step.kind, step.text, step.expect) for step in steps] == [
        ("README.md:2", "cli", ".venv/bin/musiccorp up --detach", None),
        ("README.md:5", "http", "curl -X DELETE 127.0.0.1:8108/v1/shipments/<order id>", 409),
        ("README.md:6", "cli", "musiccorp status", 1),
    ]
    assert steps[1].placeholders == ["order id"]


def test_a_span_may_wrap_and_a_table_cell_may_hold_a_pipeline(tmp_path):
    steps = _tour_of(tmp_path, "Break it (`curl -X PUT 127.0.0.1:8900/admin/chaos\n-d '{}'`) and see.\n", (
        "| ID | Practice | How to see it |\n|---|---|---|\n"
        "| 1 | `make nothing` here | `curl 127.0.0.1:8000/metrics \\| grep circuit`; <http://127.0.0.1:8000> |\n"))
    assert [(step.source, step.kind, step.text) for step in steps] == [
        ("README.md:1", "http", "curl -X PUT 127.0.0.1:8900/admin/chaos -d '{}'"),
        ("docs/practices.md:3", "http", "curl 127.0.0.1:8000/metrics | grep circuit"),
        ("docs/practices.md:3", "link", "http://127.0.0.1:8000"),
    ]


@pytest.mark.parametrize("text", ["`:8102/docs`", "`PUT :8900/admin/chaos`"])
def test_a_shorthand_no_tool_runs_is_refused(tmp_path, text):
    with pytest.raises(doctour.DocError, match="shorthand no tool runs"):
        _tour_of(tmp_path, f"See {text}.\n")


def test_an_unknown_placeholder_is_refused(tmp_path):
    with pytest.raises(doctour.DocError, match="unknown placeholder <id>"):
        _tour_of(tmp_path, "`curl 127.0.0.1:8101/v1/albums/<id>`\n")


@pytest.mark.parametrize(("command", "until_stopped"), [
    ("musiccorp events tail", True), ("musiccorp events tail 'orders.>' --count 3", False),
    ("musiccorp logs --follow", True), ("musiccorp logs catalog -f", True), ("musiccorp logs", False),
    ("musiccorp up", True), ("musiccorp up --detach", False),
])
def test_commands_that_run_until_stopped_are_known(tmp_path, command, until_stopped):
    [step] = _tour_of(tmp_path, f"`{command}`\n")
    assert step.long_running is until_stopped
