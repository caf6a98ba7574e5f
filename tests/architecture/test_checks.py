"""The architecture checks guard what they claim: they pass on the tree and fail when it is broken.

Each breaking case copies the real source tree to a temporary folder, breaks one
rule there, and runs the same check ``make test`` runs against the copy.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("architecture", ROOT / "ops" / "checks" / "architecture.py")
architecture = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(architecture)


@pytest.fixture
def tree(tmp_path) -> Path:
    """A copy of the repository's packages: services, chassis, CLI and third-party sources, and manifests."""
    copy = tmp_path / "repo"
    ignore = shutil.ignore_patterns("__pycache__", "tests", "*.json", "static", "templates")
    packages = ("libs/chassis", "ops/cli", *(f"services/{p.name}" for p in (ROOT / "services").iterdir()),
                *(f"thirdparty/{p.name}" for p in (ROOT / "thirdparty").iterdir()))
    for package in packages:
        shutil.copytree(ROOT / package, copy / package, ignore=ignore)
    return copy


def _python_path(tree: Path) -> Path:
    """One folder holding every package of the copy, so it shadows the installed ones."""
    merged = tree / "python-path"
    for src in tree.glob("*/*/src/musiccorp/*"):
        shutil.copytree(src, merged / "musiccorp" / src.name)
    for src in tree.glob("thirdparty/*/src/*"):
        shutil.copytree(src, merged / src.name)
    return merged


def _break(tree: Path, relative: str, line: str) -> None:
    path = (next(tree.glob(f"services/*/src/musiccorp/{relative}"), None)
            or next(tree.glob(f"thirdparty/*/src/{relative}"), None)
            or next(tree.glob(f"*/*/src/musiccorp/{relative}")))
    path.write_text(line + "\n" + path.read_text())


def test_the_real_tree_keeps_every_contract():
    """The repository as committed keeps all import contracts."""
    kept, report = architecture.check_contracts(ROOT)
    assert kept, report


@pytest.mark.parametrize("relative, line, contract", [
    ("catalog/service_layer/queries.py", "import musiccorp.storefront.domain.model",
     "Services are independent of each other BROKEN"),
    ("chassis/health.py", "import musiccorp.catalog.domain.model", "The chassis knows no service BROKEN"),
    ("catalog/domain/model.py", "import sqlalchemy", "The domain imports no framework BROKEN"),
    ("storefront/domain/model.py", "import fastapi", "The domain imports no framework BROKEN"),
    ("catalog/domain/search.py", "import musiccorp.catalog.adapters.tables",
     "Inside a service the layers point inward BROKEN"),
    ("cli/errors.py", "import musiccorp.chassis.settings",
     "The CLI drives services over the wire, never by import BROKEN"),
    ("catalog/adapters/tables.py", "import paybuddy.cards", "MusicCorp never imports a third party's code BROKEN"),
    ("paybuddy/ledger.py", "import musiccorp.chassis.problems",
     "A third party imports nothing of MusicCorp BROKEN"),
])
def test_a_broken_rule_fails_the_check(tree, relative, line, contract):
    """Adding one forbidden import to a copy of the tree makes the check fail, naming the contract."""
    _break(tree, relative, line)
    kept, report = architecture.check_contracts(tree, python_path=_python_path(tree))
    assert not kept
    assert contract in report


def test_every_service_is_owned():
    """Every service of the repository has a complete service.toml."""
    assert architecture.check_ownership(ROOT) == []


def test_a_service_without_a_manifest_fails_the_ownership_check(tree):
    """Deleting a service's service.toml makes the ownership check name it."""
    (tree / "services" / "catalog" / "service.toml").unlink()
    assert architecture.check_ownership(tree) == [
        "services/catalog: no service.toml — every service needs an owner, tier and on-call"]


def test_a_manifest_without_on_call_fails_the_ownership_check(tree):
    """A manifest that names no on-call is refused."""
    manifest = tree / "services" / "storefront" / "service.toml"
    manifest.write_text(manifest.read_text().replace("on_call", "on_call_removed"))
    assert architecture.check_ownership(tree) == ["services/storefront/service.toml: [service] lacks on_call"]


def test_make_test_runs_both_checks():
    """make test depends on the architecture check, so CI cannot skip it."""
    makefile = (ROOT / "Makefile").read_text()
    test_target = next(line for line in makefile.splitlines() if line.startswith("test:"))
    assert "check-architecture" in test_target
    assert "ops/checks/architecture.py" in makefile
