"""The anatomy check holds what docs/anatomy.md says: it passes on the tree and fails on a copy that departs
from it — a missing role file, a role kept in another file, a database service without its migrations."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("anatomy", ROOT / "ops" / "checks" / "anatomy.py")
anatomy = sys.modules.setdefault("anatomy", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(anatomy)


@pytest.fixture
def tree(tmp_path) -> Path:
    """A copy of every service (sources, tests, manifests) under ``tmp_path``."""
    shutil.copytree(ROOT / "services", tmp_path / "services",
                    ignore=shutil.ignore_patterns("__pycache__", "*.json", "static", "templates"))
    return tmp_path


def _package(tree: Path, service: str) -> Path:
    return tree / "services" / service / "src" / "musiccorp" / service


def _new_problems(tree: Path, before: list[str]) -> list[str]:
    """What the check finds in ``tree`` now that it did not before the test broke it."""
    return [problem for problem in anatomy.check_anatomy(tree) if problem not in before]


def test_every_service_has_the_documented_shape():
    """The real tree passes: every service has its role files, each role in its file."""
    assert anatomy.check_anatomy(ROOT) == []


def test_a_service_missing_a_role_file_fails(tree):
    """A service without one of the files every service has is reported, naming the file."""
    before = anatomy.check_anatomy(tree)
    (_package(tree, "loyalty") / "domain" / "errors.py").unlink()
    assert _new_problems(tree, before) == ["services/loyalty: no domain/errors.py (see docs/anatomy.md)"]


def test_a_service_with_a_database_needs_its_migrations_and_tables(tree):
    """A service with a database but no tables module or migration is reported for each."""
    before = anatomy.check_anatomy(tree)
    shutil.rmtree(_package(tree, "shipping") / "migrations" / "versions")
    (_package(tree, "shipping") / "adapters" / "tables.py").unlink()
    assert _new_problems(tree, before) == ["services/shipping: no adapters/tables.py (see docs/anatomy.md)",
                                           "services/shipping: a service with a database has no migration"]


def test_a_service_without_a_database_needs_no_tables(tree):
    """The storefront says ``database = false``: no tables, repositories or migrations are asked of it."""
    assert not (_package(tree, "storefront") / "adapters" / "tables.py").exists()
    assert [problem for problem in anatomy.check_anatomy(tree) if "storefront" in problem] == []


@pytest.mark.parametrize(("service", "role_path", "code", "expected"), [
    ("customers", "adapters/repository.py",
     "\n\nclass OtherUnitOfWork(unit_of_work.SqlUnitOfWork):\n    pass\n",
     "unit of work OtherUnitOfWork belongs in adapters/unit_of_work.py"),
    ("loyalty", "service_layer/handlers.py", "\n\nClock = object\n",
     "the Clock type is the chassis' (musiccorp.chassis.clock)"),
    ("orders", "domain/model.py", "\n\nclass FakeThing:\n    pass\n", "fake FakeThing belongs in adapters/memory.py"),
    ("shipping", "adapters/repository.py", "\n\nextra = sa.Table('extra', sa.MetaData())\n",
     "a table belongs in adapters/tables.py"),
    ("payments", "entrypoints/api.py", "\n\nPUBLISHED_TOO = published_events([])\n",
     "the events a service publishes and consumes are declared in adapters/integration_events.py"),
])
def test_a_role_kept_in_another_file_fails(tree, service, role_path, code, expected):
    """A role written into another file than its own is reported at that file and line."""
    before = anatomy.check_anatomy(tree)
    module = _package(tree, service) / role_path
    lines_before = len(module.read_text().splitlines())
    module.write_text(module.read_text() + code)
    [problem] = _new_problems(tree, before)
    where, _, what = problem.partition(": ")
    assert where.startswith(f"services/{service}/src/musiccorp/{service}/{role_path}:")
    assert int(where.rsplit(":", 1)[1]) > lines_before and what == expected
